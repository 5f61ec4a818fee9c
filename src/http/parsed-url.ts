/**
 * Request URLs parsed once per distinct text: `new URL` and its `origin`/`pathname` getters cost
 * more than the rest of building a request, and a suite sends the same few URLs over and over.
 */

/** A parsed request URL with the parts a dispatch needs. */
export interface ParsedUrl {
  url: URL;
  origin: string;
  /** pathname + search: the origin-form request target. */
  path: string;
}

/** Most URLs kept parsed; a suite has few distinct static URLs, templated ones rarely repeat. */
const URL_CACHE_LIMIT = 512;
const parsedUrls = new Map<string, ParsedUrl>();
const parsedByUrl = new WeakMap<URL, ParsedUrl>();

/**
 * Parses `text` (throws as `new URL` does). The URL object is shared between requests of the
 * same text: nothing writes to it (redirects build new ones).
 */
export function parseUrl(text: string): ParsedUrl {
  let parsed = parsedUrls.get(text);
  if (parsed === undefined) {
    parsed = describeUrl(new URL(text));
    if (parsedUrls.size >= URL_CACHE_LIMIT) parsedUrls.clear();
    parsedUrls.set(text, parsed);
  }
  return parsed;
}

/** The parts of an already parsed URL, read once per URL object. */
export function describeUrl(url: URL): ParsedUrl {
  let parsed = parsedByUrl.get(url);
  if (parsed === undefined) {
    parsed = { url, origin: url.origin, path: url.pathname + url.search };
    parsedByUrl.set(url, parsed);
  }
  return parsed;
}
