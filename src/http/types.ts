/**
 * What one HTTP exchange produced. The HTTP layer never throws on 4xx/5xx or on transport
 * failures: they come back as data here, with a stable error category.
 */

/** Stable categories for everything that can go wrong; reports count errors by these. */
export type ErrorCategory =
  | 'timeout' // no complete response within the per-request timeout
  | 'reset' // connection reset / closed mid-exchange
  | 'refused' // connection refused
  | 'dns' // name did not resolve
  | 'tls' // TLS handshake or certificate failure
  | 'body_parse' // body was not the JSON it claimed (or had to be)
  | 'body_too_large' // body exceeded maxBodyBytes (the rest was drained, not buffered)
  | 'status' // unexpected status code
  | 'schema' // JSON Schema check failed
  | 'assertion' // a body/header assertion failed
  | 'redirect' // a redirect was not followed, or too many
  | 'aborted' // cancelled by the run (interrupt, abortOnFail)
  | 'other';

export const ERROR_CATEGORIES: readonly ErrorCategory[] = [
  'timeout', 'reset', 'refused', 'dns', 'tls', 'body_parse', 'body_too_large',
  'status', 'schema', 'assertion', 'redirect', 'aborted', 'other',
];

export interface HttpRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  headers: Record<string, string>;
  /** Body bytes, or a stream / async iterable for uploads (never buffered by the client). */
  body?: string | Uint8Array | NodeJS.ReadableStream | AsyncIterable<Uint8Array>;
  /** Per-request timeout in ms (headers and body). */
  timeoutMs: number;
  /** Largest body kept in memory; the rest is drained and `truncated` is set. */
  maxBodyBytes: number;
  followRedirects: boolean;
  signal?: AbortSignal;
  /**
   * When to parse the body as JSON: `auto` (default) when the Content-Type is JSON
   * (`application/json` or `*+json`), `always` whatever it says, `never`.
   * A truncated body is never parsed (its JSON would be cut): `json` and `jsonError` stay unset.
   */
  parseJson?: 'auto' | 'always' | 'never';
  /** Header names whose values are secrets besides X-API-Key, Authorization, Cookie… (redacted). */
  redactHeaders?: string[];
  /**
   * An object standing for this request's method, URL, headers and body: every request that
   * carries the same one is byte-for-byte the same, so the client encodes it once and reuses the
   * bytes. Set by the flow engine for request specs without templates; such a request (and its
   * headers) must not be changed once built.
   */
  encodeOnce?: object;
}

export interface TransportError {
  category: ErrorCategory;
  /** Stable code, e.g. UND_ERR_HEADERS_TIMEOUT, ECONNREFUSED. */
  code: string;
  message: string;
}

export interface Exchange {
  /** Method and URL of the final request (they change when a redirect is followed). */
  method: string;
  url: string;
  /** Undefined when no response arrived. */
  status?: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Buffered body text (UTF-8), at most maxBodyBytes. */
  bodyText?: string;
  truncated: boolean;
  /** Every body byte received, including those drained past maxBodyBytes. */
  bodyBytes?: number;
  /** Parsed JSON when the body parsed; undefined otherwise. */
  json?: unknown;
  /** Set when the body did not parse as JSON. */
  jsonError?: string;
  /** Wall-clock start (ms since epoch, from performance.timeOrigin + now()). */
  startedAtMs: number;
  /** Time to response headers, µs. */
  ttfbUs?: number;
  /** Time to the end of the body (or the failure), µs. */
  durationUs: number;
  error?: TransportError;
}
