const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Arrays repeat the parameter, null/undefined are skipped, objects are sent as JSON text. */
function appendQuery(url: string, query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (v === null || v === undefined) continue;
      params.append(name, typeof v === 'object' ? JSON.stringify(v) : String(v));
    }
  }
  const qs = params.toString();
  if (qs === '') return url;
  const hashAt = url.indexOf('#');
  const head = hashAt < 0 ? url : url.slice(0, hashAt);
  const hash = hashAt < 0 ? '' : url.slice(hashAt);
  const sep = head.includes('?') ? (head.endsWith('?') || head.endsWith('&') ? '' : '&') : '?';
  return `${head}${sep}${qs}${hash}`;
}

/**
 * Joins a base URL and a path, keeping any path prefix of the base
 * (`https://host/prefix` + `/v1/runs` → `https://host/prefix/v1/runs`). Absolute URLs (presigned
 * upload URLs) pass through unchanged. `query` values are appended, percent-encoded.
 */
export function joinUrl(baseUrl: string, pathOrUrl: string, query?: Record<string, unknown>): string {
  let url: string;
  if (ABSOLUTE.test(pathOrUrl)) {
    url = pathOrUrl;
  } else if (pathOrUrl === '') {
    url = baseUrl;
  } else {
    url = `${baseUrl.replace(/\/+$/, '')}/${pathOrUrl.replace(/^\/+/, '')}`;
  }
  return query ? appendQuery(url, query) : url;
}
