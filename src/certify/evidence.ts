/**
 * Evidence lines: the request made and a redacted excerpt of the answer, short enough for a
 * table cell. Secrets (the API keys) and URL signatures never survive into evidence.
 */
import { excerpt, redactText, redactUrl } from '../http/redact.js';
import type { Exchange } from '../http/types.js';

/** Longest body excerpt in one evidence line. */
const BODY_EXCERPT = 240;

/** Path and query of a URL (redacted); the origin is in the report's target already. */
export function shortUrl(url: string): string {
  const safe = redactUrl(url);
  try {
    const u = new URL(safe);
    return `${u.pathname}${u.search}`;
  } catch {
    return safe;
  }
}

/** `GET /v1/runs/… → 200 {"runId":…}` or `… → error timeout (UND_ERR_…)`. */
export function describeExchange(ex: Exchange, secrets: readonly string[]): string {
  const request = `${ex.method} ${shortUrl(ex.url)}`;
  if (ex.status === undefined) {
    const err = ex.error;
    return redactText(`${request} → no answer: ${err ? `${err.category} (${err.code}) ${err.message}` : 'unknown failure'}`, [...secrets]);
  }
  const body = ex.bodyText === undefined || ex.bodyText === '' ? '' : ` ${excerpt(ex.bodyText.replace(/\s+/g, ' '), BODY_EXCERPT)}`;
  return redactText(`${request} → ${ex.status}${body}`, [...secrets]);
}

/** Joins evidence parts with ` · `, redacting once more (a note may quote a body). */
export function joinEvidence(parts: ReadonlyArray<string | undefined>, secrets: readonly string[]): string {
  return redactText(parts.filter((p): p is string => p !== undefined && p !== '').join(' · '), [...secrets]);
}
