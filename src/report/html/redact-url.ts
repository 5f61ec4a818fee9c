/**
 * A last line of defence for URLs shown in the page: the producer already redacts, but a base
 * URL or a presigned URL may still carry credentials in its user info or query string.
 */

const SECRET_PARAM = /key|token|secret|auth|signature|sig$|password|credential|session/i;

/** The URL with user info dropped and secret-looking query values replaced by `REDACTED`. */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not an absolute URL (a path or template): nothing structured to redact.
    return raw;
  }
  url.username = '';
  url.password = '';
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) url.searchParams.set(name, 'REDACTED');
  }
  return url.toString();
}
