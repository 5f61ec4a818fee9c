import type { Exchange, HttpRequest } from './types.js';
import type { BodyRead } from './body.js';
import { isJsonContentType } from './body.js';
import { headerSecrets, redactText } from './redact.js';

/**
 * Fills an exchange from its read body: text, byte counts, and JSON when the Content-Type says
 * JSON (or the caller asked). A truncated body is not parsed: its JSON would be cut, and a
 * `body_parse` failure would blame the target for our own cap. An empty body is not parsed
 * either (204s, HEAD, 202s without content), unless the caller demanded JSON.
 */
export function completeExchange(exchange: Exchange, read: BodyRead, req: HttpRequest): void {
  const parseJson = req.parseJson ?? 'auto';
  exchange.truncated = read.truncated;
  exchange.bodyBytes = read.totalBytes;
  const text = read.bytes.length === 0 ? '' : read.bytes.toString('utf8');
  exchange.bodyText = text;
  if (parseJson === 'never' || read.truncated) return;
  if (parseJson === 'auto' && !isJsonContentType(exchange.headers['content-type'])) return;
  if (text === '') {
    if (parseJson === 'always') exchange.jsonError = 'empty body';
    return;
  }
  try {
    exchange.json = JSON.parse(text);
  } catch (err) {
    // V8 quotes the start of the text in its message; the target may have echoed a key.
    const message = err instanceof Error ? err.message : String(err);
    exchange.jsonError = redactText(message, headerSecrets(req.headers, req.redactHeaders));
  }
}

export function toUs(ms: number): number {
  return Math.round(ms * 1000);
}

/** A fresh exchange for `req`, to be filled as its response arrives. */
export function newExchange(req: HttpRequest, startedAtMs: number): Exchange {
  return {
    method: req.method,
    url: req.url,
    status: undefined,
    headers: {},
    bodyText: undefined,
    truncated: false,
    bodyBytes: undefined,
    json: undefined,
    jsonError: undefined,
    startedAtMs,
    ttfbUs: undefined,
    durationUs: 0,
    error: undefined,
  };
}
