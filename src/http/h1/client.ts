/**
 * Requests with in-memory bodies over our own HTTP/1.1 connections (one H1Pool per origin),
 * redirects followed as HttpClient documents. The request bytes of a request that says it is
 * the same every time (`HttpRequest.encodeOnce`) are encoded once and reused.
 */
import { performance } from 'node:perf_hooks';
import { toTransportError, type EndedBy } from '../errors.js';
import { completeExchange, newExchange, toUs } from '../exchange.js';
import { describeUrl, parseUrl } from '../parsed-url.js';
import { headerSecrets, redactText } from '../redact.js';
import { advanceChain, willFollow, type Hop } from '../redirect.js';
import type { Exchange, HttpRequest, TransportError } from '../types.js';
import { H1Error } from './errors.js';
import { InFlight, type KeepBody } from './in-flight.js';
import { H1Pool } from './pool.js';
import { encodeRequest, type RequestBytes } from './request-bytes.js';

export interface H1ClientOptions {
  /** Connections per origin. */
  connections: number;
  /** How long an idle connection is kept, ms. */
  keepAliveMs: number;
  /** TCP + TLS connect timeout, ms. */
  connectTimeoutMs: number;
  rejectUnauthorized: boolean;
}

/** Only the URL's text identifies a request's bytes; a body must be in memory to get here. */
function encodeHop(hop: Hop): RequestBytes {
  const parsed = describeUrl(hop.url);
  return encodeRequest({
    method: hop.method,
    target: parsed.path,
    host: hop.url.host,
    headers: hop.headers,
    body: hop.body as string | Uint8Array | undefined,
  });
}

export class H1Client {
  private readonly pools = new Map<string, H1Pool>();
  private readonly encodedOnce = new WeakMap<object, RequestBytes>();
  private closed = false;

  constructor(private readonly options: H1ClientOptions) {}

  /** Sends `req` (its body a string or bytes) and reads its response. Never rejects. */
  async request(req: HttpRequest): Promise<Exchange> {
    const t0 = performance.now();
    const exchange = newExchange(req, performance.timeOrigin + t0);
    const deadlineAt = req.timeoutMs > 0 && Number.isFinite(req.timeoutMs) ? t0 + req.timeoutMs : Infinity;
    const keep: KeepBody | undefined = req.followRedirects ? (status, headers) => !willFollow(req, status, headers['location']) : undefined;
    try {
      let hop: Hop = { url: parseUrl(req.url).url, method: req.method, headers: req.headers, body: req.body };
      for (let redirects = 0; ; redirects += 1) {
        const flight = new InFlight(this.bytes(hop, req, redirects === 0), req.maxBodyBytes, deadlineAt, req.signal, keep);
        this.pool(hop.url).send(flight);
        await flight.done;
        if (flight.status !== undefined && flight.headers !== undefined) {
          exchange.status = flight.status;
          exchange.headers = flight.headers;
          exchange.ttfbUs = toUs(flight.headersAt - t0);
        }
        if (flight.error !== undefined || flight.endedBy !== undefined) {
          exchange.error = this.failure(req, flight.endedBy, flight.error);
          break;
        }
        const next = advanceChain(req, hop, flight.status ?? 0, exchange.headers['location'], redirects, exchange);
        if (next === 'final') completeExchange(exchange, { bytes: flight.body(), totalBytes: flight.totalBytes, truncated: flight.truncated }, req);
        if (typeof next === 'string') break;
        hop = next;
      }
    } catch (err) {
      exchange.error = this.failure(req, undefined, err);
    }
    exchange.durationUs = toUs(performance.now() - t0);
    return exchange;
  }

  /** Lets in-flight requests finish, then closes every connection. */
  async close(): Promise<void> {
    await Promise.all(this.takePools().map((p) => p.close()));
  }

  /** Closes every connection now; in-flight requests end with category `aborted`. */
  async destroy(): Promise<void> {
    await Promise.all(this.takePools().map((p) => p.destroy()));
  }

  private takePools(): H1Pool[] {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    return pools;
  }

  private failure(req: HttpRequest, endedBy: EndedBy | undefined, err: unknown): TransportError {
    return toTransportError(err, endedBy, (text) => redactText(text, headerSecrets(req.headers, req.redactHeaders)));
  }

  private bytes(hop: Hop, req: HttpRequest, first: boolean): RequestBytes {
    const key = first ? req.encodeOnce : undefined;
    if (key === undefined) return encodeHop(hop);
    let bytes = this.encodedOnce.get(key);
    if (bytes === undefined) {
      bytes = encodeHop(hop);
      this.encodedOnce.set(key, bytes);
    }
    return bytes;
  }

  private pool(url: URL): H1Pool {
    if (this.closed) throw new H1Error('CLIENT_CLOSED', 'the HTTP client is closed');
    const origin = describeUrl(url).origin;
    let pool = this.pools.get(origin);
    if (pool === undefined) {
      const protocol = url.protocol;
      if (protocol !== 'http:' && protocol !== 'https:') throw new H1Error('INVALID_REQUEST', `unsupported URL scheme ${protocol}`);
      pool = new H1Pool({
        protocol,
        // An IPv6 literal is bracketed in URLs, not in connect().
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port !== '' ? Number(url.port) : protocol === 'https:' ? 443 : 80,
        connections: this.options.connections,
        keepAliveMs: this.options.keepAliveMs,
        connectTimeoutMs: this.options.connectTimeoutMs,
        rejectUnauthorized: this.options.rejectUnauthorized,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }
}
