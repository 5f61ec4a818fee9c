import type { ErrorCategory, TransportError } from './types.js';
import { redactText } from './redact.js';

/**
 * Maps whatever a request failed with (our HTTP/1.1 client's H1Error codes, undici errors, Node
 * system errors, TLS errors, abort reasons, AggregateErrors from happy-eyeballs connects) to a
 * stable `{category, code, message}`.
 *
 * Undici wraps little, but Node wraps connection failures in AggregateError and callers may wrap
 * further, so the whole `cause` / `errors` tree is searched for the most specific code.
 */

/** Why the request's own deadline or the run ended it, when that is what happened. */
export type EndedBy = 'timeout' | 'aborted';

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT',
  'ERR_HTTP_REQUEST_TIMEOUT', 'REQUEST_TIMEOUT', 'CONNECT_TIMEOUT',
]);
const RESET_CODES = new Set([
  'ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'ENETRESET', 'SOCKET_CLOSED',
]);
const REFUSED_CODES = new Set(['ECONNREFUSED']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const ABORT_CODES = new Set(['UND_ERR_ABORTED', 'UND_ERR_ABORT', 'ABORT_ERR', 'UND_ERR_DESTROYED', 'UND_ERR_CLOSED', 'ABORTED', 'CLIENT_CLOSED']);
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'HOSTNAME_MISMATCH',
  'ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO',
]);

const MAX_DEPTH = 8;

interface Candidate {
  code: string;
  message: string;
  name: string;
}

function categoryOfCode(code: string, name: string): ErrorCategory | undefined {
  if (TIMEOUT_CODES.has(code) || name === 'TimeoutError') return 'timeout';
  if (REFUSED_CODES.has(code)) return 'refused';
  if (DNS_CODES.has(code)) return 'dns';
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('CERT_') ||
      code.startsWith('ERR_SSL_')) return 'tls';
  if (RESET_CODES.has(code)) return 'reset';
  if (ABORT_CODES.has(code) || name === 'AbortError') return 'aborted';
  return undefined;
}

/** Every error in the cause / AggregateError tree, outermost first, bounded in depth. */
function collect(err: unknown, out: Candidate[], depth: number): void {
  if (depth > MAX_DEPTH || err === null || typeof err !== 'object') {
    if (typeof err === 'string') out.push({ code: '', message: err, name: '' });
    return;
  }
  const e = err as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
  out.push({
    code: typeof e.code === 'string' ? e.code : '',
    message: typeof e.message === 'string' ? e.message : '',
    name: typeof e.name === 'string' ? e.name : '',
  });
  if (e.cause !== undefined) collect(e.cause, out, depth + 1);
  if (Array.isArray(e.errors)) for (const inner of e.errors.slice(0, 4)) collect(inner, out, depth + 1);
}

/** Socket errors that undici reports without a code but with a telling message. */
function categoryOfMessage(message: string): ErrorCategory | undefined {
  if (/other side closed|socket hang up|socket closed/i.test(message)) return 'reset';
  return undefined;
}

/**
 * The transport error for `err`. `endedBy` wins when set: once the request's deadline fired or
 * the run aborted it, whatever undici threw is only a consequence.
 * `redact` is applied to the message; the default removes key-shaped strings (`phk_…`), callers
 * pass one that also removes the values of their sensitive headers.
 */
export function toTransportError(
  err: unknown,
  endedBy?: EndedBy,
  redact: (text: string) => string = (t) => redactText(t),
): TransportError {
  if (endedBy === 'timeout') return timeoutError();
  if (endedBy === 'aborted') return { category: 'aborted', code: 'ABORTED', message: 'request aborted by the run' };
  const candidates: Candidate[] = [];
  collect(err, candidates, 0);
  for (const c of candidates) {
    const category = categoryOfCode(c.code, c.name) ?? categoryOfMessage(c.message);
    if (category) return { category, code: c.code || codeFor(category), message: redact(c.message || category) };
  }
  const first = candidates.find((c) => c.code !== '') ?? candidates[0];
  return {
    category: 'other',
    code: first?.code || first?.name || 'UNKNOWN',
    message: redact(first?.message || String(err)),
  };
}

function codeFor(category: ErrorCategory): string {
  return category === 'reset' ? 'UND_ERR_SOCKET' : category.toUpperCase();
}

/** The error for a request that outlived its deadline. */
export function timeoutError(): TransportError {
  return { category: 'timeout', code: 'REQUEST_TIMEOUT', message: 'no complete response within the request timeout' };
}
