import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import type { BodyRead } from './body.js';
import type { Deadline } from './deadline.js';

/** What one hop of a request returned: the response head and the kept part of its body. */
export interface Collected {
  status: number;
  headers: Dispatcher.ResponseData['headers'];
  /** `performance.now()` when the response head arrived. */
  headersAt: number;
  body: BodyRead;
}

/** Response head, filled as soon as it arrives so a body failure still reports the status. */
export interface Head {
  status: number | undefined;
  headers: Dispatcher.ResponseData['headers'] | undefined;
  headersAt: number;
}

const EMPTY = Buffer.alloc(0);

/**
 * An undici dispatch handler that keeps up to `maxBytes` of the body and counts (drops) the
 * rest. Dispatching with a handler rather than `pool.request()` skips the per-response Readable
 * stream and its promise plumbing, the largest cost left in the client on small responses.
 * The deadline settles the exchange itself the moment it fires, even for a request still
 * queued behind busy connections (undici only aborts those once they reach a socket).
 */
class CollectHandler implements Dispatcher.DispatchHandler {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private total = 0;
  private truncated = false;
  private settled = false;
  private controller: Dispatcher.DispatchController | undefined;

  constructor(
    private maxBytes: number,
    private readonly keepBody: (status: number, headers: Dispatcher.ResponseData['headers']) => boolean,
    readonly head: Head,
    private readonly deadline: Deadline,
    private readonly resolve: (value: Collected) => void,
    private readonly reject: (err: unknown) => void,
  ) {
    deadline.onEnd = (reason) => {
      this.controller?.abort(reason);
      this.fail(reason);
    };
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.deadline.reason) controller.abort(this.deadline.reason);
  }

  onResponseStart(_c: Dispatcher.DispatchController, status: number, headers: Dispatcher.ResponseData['headers']): void {
    this.head.status = status;
    this.head.headers = headers;
    this.head.headersAt = performance.now();
    if (!this.keepBody(status, headers)) this.maxBytes = 0;
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    this.total += chunk.length;
    if (this.truncated) return;
    const room = this.maxBytes - this.kept;
    if (chunk.length <= room) {
      this.chunks.push(chunk);
      this.kept += chunk.length;
      return;
    }
    // Copy the kept slice so the rest of the chunk can be collected.
    if (room > 0) this.chunks.push(Buffer.from(chunk.subarray(0, room)));
    this.kept = this.maxBytes;
    this.truncated = true;
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.settled = true;
    this.deadline.onEnd = undefined;
    const bytes = this.chunks.length === 0 ? EMPTY : this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.kept);
    this.resolve({
      status: this.head.status ?? 0,
      headers: this.head.headers ?? {},
      headersAt: this.head.headersAt,
      body: { bytes, totalBytes: this.total, truncated: this.truncated },
    });
  }

  onResponseError(_c: Dispatcher.DispatchController, err: Error): void {
    this.fail(err);
  }

  /** Settles with `err` unless already settled. */
  fail(err: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.deadline.onEnd = undefined;
    this.reject(err);
  }
}

/**
 * Sends one request on `dispatcher` and collects its response. `keepBody` decides, at the
 * response head, whether the body is worth keeping (a redirect about to be followed is not).
 * Rejects with the transport error; `head` keeps whatever arrived before it.
 */
export function collect(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  maxBytes: number,
  keepBody: (status: number, headers: Dispatcher.ResponseData['headers']) => boolean,
  head: Head,
  deadline: Deadline,
): Promise<Collected> {
  return new Promise((resolve, reject) => {
    const handler = new CollectHandler(maxBytes, keepBody, head, deadline, resolve, reject);
    if (deadline.reason) return handler.fail(deadline.reason);
    try {
      dispatcher.dispatch(options, handler);
    } catch (err) {
      handler.fail(err);
    }
  });
}
