/**
 * One request travelling through an H1Pool: the bytes to write, its deadline and signal, and
 * what came back. It is the parser's sink, so the response is collected straight into it, and
 * it settles exactly once — with a response, or with the error and what ended it. Its promise
 * never rejects: a failure is data (`error`, `endedBy`), as everywhere in the HTTP layer.
 */
import { performance } from 'node:perf_hooks';
import type { EndedBy } from '../errors.js';
import type { RequestBytes } from './request-bytes.js';
import type { ResponseSink } from './response-parser.js';

const EMPTY = Buffer.alloc(0);

/** Decides at the response head whether its body is worth keeping (a redirect to follow is not). */
export type KeepBody = (status: number, headers: Record<string, string>) => boolean;

/** A copy of `buf[start, end)` (one allocation; small ones come from Node's Buffer pool). */
function copyOut(buf: Buffer, start: number, end: number): Buffer {
  const copy = Buffer.allocUnsafe(end - start);
  buf.copy(copy, 0, start, end);
  return copy;
}

export class InFlight implements ResponseSink {
  status: number | undefined;
  headers: Record<string, string> | undefined;
  /** `performance.now()` when the final head arrived. */
  headersAt = 0;
  /** Every body byte received, kept or not. */
  totalBytes = 0;
  truncated = false;
  /** Set when the request failed: a socket or protocol error, or the reason below. */
  error: unknown;
  /** Set when the deadline or the signal ended the request. */
  endedBy: EndedBy | undefined;
  /** Sent again once already: a second stale connection is not the pool's fault to hide. */
  retried = false;
  /** The deadline's timer while the request waits for a connection (on a connection, the connection times it). */
  queueTimer: NodeJS.Timeout | undefined;
  readonly done: Promise<void>;
  private settled = false;
  private chunks: Buffer[] = [];
  private kept = 0;
  private resolve!: () => void;

  constructor(
    readonly request: RequestBytes,
    private maxBytes: number,
    /** `performance.now()` ms by which the exchange must be over; Infinity for none. */
    readonly deadlineAt: number,
    readonly signal: AbortSignal | undefined,
    private readonly keepBody: KeepBody | undefined,
  ) {
    this.done = new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  get isSettled(): boolean {
    return this.settled;
  }

  /** Idempotent methods may be sent again when a reused connection turned out to be closed. */
  get replayable(): boolean {
    const m = this.request.method;
    return m === 'GET' || m === 'HEAD' || m === 'OPTIONS' || m === 'TRACE';
  }

  onHead(status: number, headers: Record<string, string>): void {
    this.status = status;
    this.headers = headers;
    this.headersAt = performance.now();
    if (this.keepBody !== undefined && !this.keepBody(status, headers)) this.maxBytes = 0;
  }

  onBody(buf: Buffer, start: number, end: number): void {
    const length = end - start;
    this.totalBytes += length;
    if (this.truncated || length === 0) return;
    const room = this.maxBytes - this.kept;
    // The read buffer is reused for the next read: what is kept is copied out of it.
    if (length <= room) {
      this.chunks.push(copyOut(buf, start, end));
      this.kept += length;
      return;
    }
    if (room > 0) this.chunks.push(copyOut(buf, start, start + room));
    this.kept = this.maxBytes;
    this.truncated = true;
  }

  /** The kept body bytes. */
  body(): Buffer {
    if (this.chunks.length === 0) return EMPTY;
    if (this.chunks.length === 1) return this.chunks[0] as Buffer;
    return Buffer.concat(this.chunks, this.kept);
  }

  /** The response is complete. */
  complete(): void {
    this.settle();
  }

  /** Ends the request with `error` (and what caused it, when it was the deadline or the run). */
  fail(error: unknown, endedBy?: EndedBy): void {
    if (this.settled) return;
    this.error = error;
    this.endedBy = endedBy;
    this.settle();
  }

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    if (this.queueTimer !== undefined) {
      clearTimeout(this.queueTimer);
      this.queueTimer = undefined;
    }
    this.resolve();
  }
}
