import type { Exchange, HttpRequest, TransportError } from './types.js';
import { isBufferedBody } from './body.js';
import { SENSITIVE_HEADERS } from './redact.js';

/** Most redirects followed for one request, as browsers cap far higher but APIs never need more. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** One request of a redirect chain. */
export interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: HttpRequest['body'];
}

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

function redirectError(code: string, message: string): TransportError {
  return { category: 'redirect', code, message };
}

export function tooManyRedirects(): TransportError {
  return redirectError('TOO_MANY_REDIRECTS', `more than ${MAX_REDIRECTS} redirects`);
}

/** Headers minus those describing a body that is no longer sent. */
function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower !== 'content-type' && lower !== 'content-length' && lower !== 'content-encoding') out[name] = value;
  }
  return out;
}

/** Headers minus credentials, which must not follow a redirect to another origin. */
function withoutCredentials(headers: Record<string, string>, extra: string[]): Record<string, string> {
  const sensitive = new Set([...SENSITIVE_HEADERS, ...extra.map((n) => n.toLowerCase())]);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!sensitive.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}

/**
 * The next request of a chain, following the Fetch standard: 303 (and 301/302 after a POST)
 * becomes a body-less GET; 307/308 repeat the method and body, which a streamed upload cannot
 * do. Credentials are dropped when the redirect leaves the origin.
 */
export function nextHop(hop: Hop, status: number, location: string, redactNames: string[]): Hop | TransportError {
  let url: URL;
  try {
    url = new URL(location, hop.url);
  } catch {
    return redirectError('INVALID_LOCATION', 'redirect Location is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return redirectError('UNSUPPORTED_LOCATION', `redirect to unsupported scheme ${url.protocol}`);
  }
  const toGet = (status === 303 && hop.method !== 'GET' && hop.method !== 'HEAD') ||
    ((status === 301 || status === 302) && hop.method === 'POST');
  let headers = toGet ? withoutBodyHeaders(hop.headers) : hop.headers;
  if (url.origin !== hop.url.origin) headers = withoutCredentials(headers, redactNames);
  if (!toGet && !isBufferedBody(hop.body)) {
    return redirectError('REDIRECT_BODY_NOT_REPLAYABLE', `${status} redirect would resend a streamed body`);
  }
  return { url, method: toGet ? 'GET' : hop.method, headers, body: toGet ? undefined : hop.body };
}

/**
 * What to do after a response during a chain: undefined when it is the final response (not a
 * redirect, no Location, or redirects not followed), else the next hop or the chain's error.
 */
export function afterResponse(
  req: HttpRequest, hop: Hop, status: number, location: unknown, redirects: number,
): Hop | TransportError | undefined {
  if (!req.followRedirects || !isRedirect(status) || typeof location !== 'string') return undefined;
  if (redirects >= MAX_REDIRECTS) return tooManyRedirects();
  return nextHop(hop, status, location, req.redactHeaders ?? []);
}

/** Whether a response will be followed, so its body need not be kept. */
export function willFollow(req: HttpRequest, status: number, location: unknown): boolean {
  return req.followRedirects && isRedirect(status) && typeof location === 'string';
}

/**
 * One step of a redirect chain after a hop's response, for the loops that send the hops:
 * `final` when this response is the answer; `failed` when the chain ends in an error (set on
 * `exchange`); else the next hop, with the exchange's method and URL moved on to it.
 */
export function advanceChain(
  req: HttpRequest, hop: Hop, status: number, location: unknown, redirects: number, exchange: Exchange,
): Hop | 'final' | 'failed' {
  const next = afterResponse(req, hop, status, location, redirects);
  if (next === undefined) return 'final';
  if (!('url' in next)) {
    exchange.error = next;
    return 'failed';
  }
  exchange.url = next.url.href;
  exchange.method = next.method;
  return next;
}
