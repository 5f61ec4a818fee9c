/**
 * Paths into a JSON document, in the two spellings suites use:
 *  - JSON Pointer (RFC 6901): `/items/0/id`, `~1` for `/` and `~0` for `~`; `` is the document.
 *  - dotted: `$.items[0].id`, `items[0].id`, `items.0.id`, `$['odd.key']`, `$` for the document;
 *    `[-1]` counts from the end of an array.
 * Compiled once per distinct path and cached, since the same few paths run on every response.
 */

/** A key, or an array index (negative: from the end). */
type Segment = string | number;

export interface PathResult {
  found: boolean;
  value?: unknown;
}

export class PathSyntaxError extends Error {
  readonly code = 'PATH_SYNTAX';
}

/** Distinct paths are few (they come from suites); the cap only guards against templated ones. */
const CACHE_LIMIT = 10_000;
const cache = new Map<string, Segment[]>();
const NOT_FOUND: PathResult = Object.freeze({ found: false }) as PathResult;

function compilePointer(path: string): Segment[] {
  if (/~(?![01])/.test(path)) throw new PathSyntaxError(`invalid JSON Pointer "${path}": "~" must be followed by 0 or 1`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const DOTTED_TOKEN = /\.([^.[\]]+)|\[(-?\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;

function compileDotted(path: string): Segment[] {
  let rest = path.startsWith('$') ? path.slice(1) : path;
  // `a.b` reads as `.a.b`; `[0]`-first paths already start with a token.
  if (rest !== '' && !rest.startsWith('.') && !rest.startsWith('[')) rest = `.${rest}`;
  const segments: Segment[] = [];
  DOTTED_TOKEN.lastIndex = 0;
  while (DOTTED_TOKEN.lastIndex < rest.length) {
    const at = DOTTED_TOKEN.lastIndex;
    const m = DOTTED_TOKEN.exec(rest);
    if (!m) throw new PathSyntaxError(`invalid path "${path}" at character ${at + (path.length - rest.length)}`);
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else segments.push((m[3] ?? m[4] ?? '').replace(/\\(.)/g, '$1'));
  }
  return segments;
}

/** Compiles a path, throwing PathSyntaxError when it is malformed (for suite validation). */
export function compilePath(path: string): Segment[] {
  let segments = cache.get(path);
  if (segments) return segments;
  segments = path === '' ? [] : path.startsWith('/') ? compilePointer(path) : compileDotted(path);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(path, segments);
  return segments;
}

/** A canonical array index (`0`, `12`, not `01` or `-1`) from a pointer or dotted key. */
function indexOf(segment: Segment, length: number): number | undefined {
  if (typeof segment === 'number') {
    const index = segment < 0 ? length + segment : segment;
    return index >= 0 && index < length ? index : undefined;
  }
  if (!/^(?:0|[1-9]\d*)$/.test(segment)) return undefined;
  const index = Number(segment);
  return index < length ? index : undefined;
}

/** The value at `path` in `doc`. Never throws: a malformed path finds nothing. */
export function resolvePath(doc: unknown, path: string): PathResult {
  let segments: Segment[];
  try {
    segments = compilePath(path);
  } catch {
    return NOT_FOUND;
  }
  let current = doc;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      const index = indexOf(segment, current.length);
      if (index === undefined) return NOT_FOUND;
      current = current[index];
    } else if (current !== null && typeof current === 'object') {
      const key = String(segment);
      // Own properties only: `constructor` or `__proto__` must not resolve on every object.
      if (!Object.hasOwn(current, key)) return NOT_FOUND;
      current = (current as Record<string, unknown>)[key];
    } else {
      return NOT_FOUND;
    }
  }
  return { found: true, value: current };
}
