/**
 * Redaction of secrets before anything leaves the HTTP layer for reports, logs or errors.
 * API keys (`phk_…`) and access tokens (`pwt_…`) are recognised by shape even when the caller
 * did not list them.
 */

export const REDACTED = '[redacted]';

/** Header names always redacted (compared lower-cased). */
export const SENSITIVE_HEADERS: readonly string[] = [
  'x-api-key', 'authorization', 'cookie', 'set-cookie', 'proxy-authorization',
];

/** Query parameters that carry signatures or credentials (compared lower-cased). */
const SENSITIVE_PARAMS = new Set([
  'sig', 'signature', 'x-amz-signature', 'x-amz-credential', 'x-amz-security-token',
  'x-goog-signature', 'x-goog-credential', 'token', 'access_token', 'id_token', 'refresh_token',
  'api_key', 'apikey', 'api-key', 'key', 'secret', 'client_secret', 'password',
]);

/** Shorter secrets would redact ordinary words. */
const MIN_SECRET_LENGTH = 4;
// No "/" in the class: a key in a URL path must not swallow the rest of the path.
const KEY_SHAPE = /(?<![A-Za-z0-9])(?:phk|pwt)_[A-Za-z0-9._~+=-]+/g;

/** A copy of `headers` with sensitive values replaced by `[redacted]`; names keep their case. */
export function redactHeaders(headers: Record<string, string>, extraNames: string[] = []): Record<string, string> {
  const extra = extraNames.map((n) => n.toLowerCase());
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    out[name] = SENSITIVE_HEADERS.includes(lower) || extra.includes(lower) ? REDACTED : value;
  }
  return out;
}

/** Values of the sensitive headers of a request: the secrets to scrub from anything derived. */
export function headerSecrets(headers: Record<string, string>, extraNames: string[] = []): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (SENSITIVE_HEADERS.includes(lower) || extraNames.some((n) => n.toLowerCase() === lower)) {
      secrets.push(value);
      // `Bearer <token>`: the token alone may appear elsewhere.
      const space = value.indexOf(' ');
      if (space > 0) secrets.push(value.slice(space + 1));
    }
  }
  return secrets;
}

/**
 * Replaces every occurrence of each secret (of at least 4 characters) and anything shaped like a
 * Phrony key or token with `[redacted]`.
 */
export function redactText(text: string, secrets: string[] = []): string {
  let out = text;
  // Longest first, so a secret containing another is removed whole.
  const sorted = secrets.filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  for (const secret of sorted) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out.replace(KEY_SHAPE, REDACTED);
}

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // Malformed escapes: compare the raw name.
      }
      return eq >= 0 && SENSITIVE_PARAMS.has(name.toLowerCase()) ? `${rawName}=${REDACTED}` : pair;
    })
    .join('&');
}

/**
 * The URL with signature-like query parameters and any userinfo password replaced by
 * `[redacted]`; scheme, host and path are kept as written.
 */
export function redactUrl(url: string): string {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt < 0 ? url : url.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  let base = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  base = base.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@?#:]*):[^/@?#]*@/i, `$1:${REDACTED}@`);
  const query = queryAt < 0 ? '' : `?${redactQuery(beforeHash.slice(queryAt + 1))}`;
  return redactText(base + query);
}

/** `text` percent-decoded, or undefined when it does not decode (or decodes to itself). */
function decoded(text: string): string | undefined {
  try {
    const out = decodeURIComponent(text.replace(/\+/g, ' '));
    return out === text ? undefined : out;
  } catch {
    return undefined;
  }
}

/**
 * The credentials inside a URL, as they may be quoted elsewhere: the values of its
 * signature-like query parameters and its userinfo password, raw and percent-decoded. A target
 * that echoes a presigned URL (or just its signature) in a body is redacted with these.
 */
export function urlSecrets(url: string): string[] {
  const out: string[] = [];
  const add = (value: string): void => {
    if (value.length < MIN_SECRET_LENGTH) return;
    out.push(value);
    const plain = decoded(value);
    if (plain !== undefined && plain.length >= MIN_SECRET_LENGTH) out.push(plain);
  };
  const beforeHash = url.split('#')[0] ?? '';
  const queryAt = beforeHash.indexOf('?');
  const password = /^[a-z][a-z0-9+.-]*:\/\/[^/@?#:]*:([^/@?#]*)@/i.exec(beforeHash)?.[1];
  if (password !== undefined) add(password);
  if (queryAt < 0) return out;
  for (const pair of beforeHash.slice(queryAt + 1).split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq);
    if (SENSITIVE_PARAMS.has((decoded(name) ?? name).toLowerCase())) add(pair.slice(eq + 1));
  }
  return out;
}

/**
 * At most `max` characters of `text`, with a note of how much was cut. `totalLength` is the
 * length of the original when `text` is already a bounded head of it.
 */
export function excerpt(text: string, max = 2048, totalLength = text.length): string {
  if (text.length <= max && totalLength <= text.length) return text;
  let end = Math.min(max, text.length);
  // Do not split a surrogate pair.
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}… [${Math.max(totalLength, text.length) - end} more characters]`;
}
