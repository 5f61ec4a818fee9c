import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import type { Exchange, HttpRequest, TransportError } from './types.js';
import { Deadline } from './deadline.js';
import { toTransportError } from './errors.js';
import { headerSecrets, redactText } from './redact.js';
import { advanceChain, afterResponse, willFollow } from './redirect.js';
import type { Hop } from './redirect.js';
import { collect } from './collect.js';
import type { Head } from './collect.js';
import { completeExchange, newExchange, toUs } from './exchange.js';
import { isBufferedBody } from './body.js';
import { H1Client } from './h1/client.js';
import { describeUrl, parseUrl } from './parsed-url.js';

export interface HttpClientOptions {
  /** Connections per origin. Default 128. */
  connections?: number;
  /**
   * How long an idle keep-alive connection is kept, ms; a server's `Keep-Alive: timeout=N` hint
   * shortens it to leave that server's own close a margin. Default 4 000 ms.
   */
  keepAliveTimeoutMs?: number;
  /** TCP + TLS connect timeout. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** Verify TLS certificates. Default true; false only for self-signed test deployments. */
  rejectUnauthorized?: boolean;
}

export interface OpenOptions {
  /** Overall deadline for headers and body, ms. Default: `req.timeoutMs`. */
  deadlineMs?: number;
  /** Longest silence between body chunks (undici bodyTimeout), ms; 0 disables. Default: `req.timeoutMs`. */
  bodyTimeoutMs?: number;
  /**
   * The response may stay open for long (SSE): send it on the origin's separate pool without a
   * connection limit, so streams never hold the connections ordinary requests wait for (a
   * queued request would also only see its deadline once it reached a socket). Default false.
   */
  longLived?: boolean;
  /** A second abort signal besides `req.signal`; either ends the exchange as `aborted`. */
  signal?: AbortSignal;
}

/** A response whose headers arrived (or a failure), with its body not yet read. */
export interface OpenedResponse {
  /** Status, headers and ttfb filled; `error` set when no usable response arrived. */
  exchange: Exchange;
  /** The body stream; undefined when `exchange.error` is set. */
  body: Readable | undefined;
  /** `performance.now()` when the request started. */
  t0: number;
  /** Categorises an error raised while reading the body (deadline and abort take precedence). */
  fail(err: unknown): TransportError;
  /** Ends the deadline and closes the body if it is still open. Call exactly once. */
  release(): void;
}

const DEFAULT_CONNECTIONS = 128;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Undici's default; below the 5 s of Node's servers, so we close an idle connection before they do. */
const DEFAULT_KEEP_ALIVE_MS = 4_000;

/** Response header values as one string each (undici gives arrays for repeated headers). */
function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * A streamed request body that was never (fully) read — the connection was refused, the name did
 * not resolve, the run was aborted before dispatch — still holds its source (a file descriptor
 * for a file upload); undici does not destroy it, so the client that took it does.
 */
function releaseBody(body: HttpRequest['body']): void {
  if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) return;
  const stream = body as { destroy?: () => void; destroyed?: boolean };
  if (typeof stream.destroy === 'function' && stream.destroyed !== true) stream.destroy();
}

/**
 * The harness's HTTP client, with an exact per-request deadline and no exceptions for anything
 * the target does: every failure comes back as `exchange.error` with a stable category.
 *
 * Two transports sit behind it. Requests whose body is in memory (or absent) — nearly every
 * request of a load test — go over the harness's own HTTP/1.1 connections (src/http/h1/): the
 * request bytes written in one piece, responses parsed out of one shared read buffer, nothing
 * per request but the exchange itself. Streamed uploads and long-lived responses (SSE) go
 * through undici, one keep-alive Pool per origin, which streams both ways.
 */
export class HttpClient {
  private readonly h1: H1Client;
  private readonly pools = new Map<string, Pool>();
  private readonly streamPools = new Map<string, Pool>();
  private readonly options: HttpClientOptions;
  private closed = false;

  constructor(options: HttpClientOptions = {}) {
    this.options = options;
    this.h1 = new H1Client({
      connections: options.connections ?? DEFAULT_CONNECTIONS,
      keepAliveMs: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_MS,
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      rejectUnauthorized: options.rejectUnauthorized ?? true,
    });
  }

  /** Sends `req` and reads its body (up to `maxBodyBytes`, the rest drained). Never rejects. */
  request(req: HttpRequest): Promise<Exchange> {
    return isBufferedBody(req.body) ? this.h1.request(req) : this.requestStreamed(req);
  }

  /** A request with a streamed body, through undici. */
  private async requestStreamed(req: HttpRequest): Promise<Exchange> {
    const t0 = performance.now();
    const exchange = newExchange(req, performance.timeOrigin + t0);
    const deadline = new Deadline(req.timeoutMs, req.signal);
    const head: Head = { status: undefined, headers: undefined, headersAt: 0 };
    try {
      let hop: Hop = { url: parseUrl(req.url).url, method: req.method, headers: req.headers, body: req.body };
      const keep = req.followRedirects ? (status: number, headers: Dispatcher.ResponseData['headers']): boolean => !willFollow(req, status, headers.location) : keepAll;
      for (let redirects = 0; ; redirects++) {
        const res = await collect(this.pool(describeUrl(hop.url).origin), this.dispatchOptions(hop, req), req.maxBodyBytes, keep, head, deadline);
        exchange.status = res.status;
        exchange.headers = flattenHeaders(res.headers);
        exchange.ttfbUs = toUs(res.headersAt - t0);
        const next = advanceChain(req, hop, res.status, res.headers.location, redirects, exchange);
        if (next === 'final') completeExchange(exchange, res.body, req);
        if (typeof next === 'string') break;
        hop = next;
      }
    } catch (err) {
      this.recordFailure(exchange, head, t0, this.failure(req, deadline, err));
    }
    deadline.dispose();
    releaseBody(req.body);
    exchange.durationUs = toUs(performance.now() - t0);
    return exchange;
  }

  /** Keeps the status and headers that arrived before a failure, with the error. */
  private recordFailure(exchange: Exchange, head: Head, t0: number, error: TransportError): void {
    exchange.error = error;
    if (head.status !== undefined && head.headers !== undefined) {
      exchange.status = head.status;
      exchange.headers = flattenHeaders(head.headers);
      exchange.ttfbUs = toUs(head.headersAt - t0);
    }
  }

  private failure(req: HttpRequest, deadline: Deadline, err: unknown): TransportError {
    return toTransportError(err, deadline.endedBy, (text) => redactText(text, headerSecrets(req.headers, req.redactHeaders)));
  }

  /**
   * Sends `req`, follows redirects when asked, and resolves at the final response's headers.
   * The caller reads `body` and must call `release()`. Never rejects.
   */
  async open(req: HttpRequest, options: OpenOptions = {}): Promise<OpenedResponse> {
    const t0 = performance.now();
    const exchange = newExchange(req, performance.timeOrigin + t0);
    const deadline = new Deadline(options.deadlineMs ?? req.timeoutMs, req.signal, options.signal);
    const fail = (err: unknown): TransportError => this.failure(req, deadline, err);
    let body: Readable | undefined;
    const release = (): void => {
      deadline.dispose();
      if (body && !body.readableEnded && !body.destroyed) body.destroy();
    };
    try {
      const res = await this.follow(req, deadline, options, exchange);
      exchange.ttfbUs = toUs(performance.now() - t0);
      if (res) {
        body = res.body;
        exchange.status = res.statusCode;
        exchange.headers = flattenHeaders(res.headers);
      }
    } catch (err) {
      exchange.error = fail(err);
      exchange.ttfbUs = undefined;
    }
    exchange.durationUs = toUs(performance.now() - t0);
    return { exchange, body, t0, fail, release };
  }

  /**
   * Sends the request and each redirect hop. Returns the final response, or undefined when the
   * chain failed (`exchange.error` set, status/headers of the last hop kept).
   */
  private async follow(
    req: HttpRequest, deadline: Deadline, options: OpenOptions, exchange: Exchange,
  ): Promise<Dispatcher.ResponseData | undefined> {
    let hop: Hop = { url: parseUrl(req.url).url, method: req.method, headers: req.headers, body: req.body };
    for (let redirects = 0; ; redirects++) {
      const res = await this.send(hop, req, deadline, options);
      const next = afterResponse(req, hop, res.statusCode, res.headers.location, redirects);
      if (next === undefined) return res;
      exchange.status = res.statusCode;
      exchange.headers = flattenHeaders(res.headers);
      // Drained before the exchange moves on: a failure here belongs to this hop.
      await res.body.dump();
      if (!('url' in next)) {
        exchange.error = next;
        return undefined;
      }
      hop = next;
      exchange.url = hop.url.href;
      exchange.method = hop.method;
    }
  }

  private send(hop: Hop, req: HttpRequest, deadline: Deadline, options: OpenOptions): Promise<Dispatcher.ResponseData> {
    const dispatch = this.dispatchOptions(hop, req);
    return this.pool(describeUrl(hop.url).origin, options.longLived === true).request({
      ...dispatch,
      signal: deadline,
      bodyTimeout: options.bodyTimeoutMs ?? dispatch.bodyTimeout,
    });
  }

  /** Undici's own timeouts back the deadline up (they are coarse, the deadline is exact). */
  private dispatchOptions(hop: Hop, req: HttpRequest): Dispatcher.DispatchOptions {
    const undiciTimeout = req.timeoutMs > 0 ? req.timeoutMs : 0;
    return {
      path: describeUrl(hop.url).path,
      method: hop.method as Dispatcher.HttpMethod,
      headers: hop.headers,
      // Streams are passed through as they are: undici pipes them without buffering.
      body: hop.body as Dispatcher.DispatchOptions['body'],
      headersTimeout: undiciTimeout,
      bodyTimeout: undiciTimeout,
    };
  }

  private pool(origin: string, longLived = false): Pool {
    if (this.closed) throw Object.assign(new Error('HTTP client is closed'), { code: 'UND_ERR_CLOSED' });
    const pools = longLived ? this.streamPools : this.pools;
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        // null: no limit, one connection per open stream.
        connections: longLived ? null : this.options.connections ?? DEFAULT_CONNECTIONS,
        pipelining: 1,
        ...(this.options.keepAliveTimeoutMs !== undefined ? { keepAliveTimeout: this.options.keepAliveTimeoutMs } : {}),
        connect: {
          timeout: this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
          rejectUnauthorized: this.options.rejectUnauthorized ?? true,
        },
      });
      pools.set(origin, pool);
    }
    return pool;
  }

  /** Lets in-flight requests finish, then closes every connection. */
  async close(): Promise<void> {
    await Promise.all([this.h1.close(), ...this.takePools().map((p) => p.close())]);
  }

  /** Closes every connection now; in-flight requests end with category `aborted`. */
  async destroy(): Promise<void> {
    await Promise.all([this.h1.destroy(), ...this.takePools().map((p) => p.destroy())]);
  }

  /** Marks the client closed and hands over every pool. */
  private takePools(): Pool[] {
    this.closed = true;
    const pools = [...this.pools.values(), ...this.streamPools.values()];
    this.pools.clear();
    this.streamPools.clear();
    return pools;
  }
}

/** Without redirects to follow, every response body is kept. */
function keepAll(): boolean {
  return true;
}
