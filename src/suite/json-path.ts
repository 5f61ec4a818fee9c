/**
 * Paths into a JSON value, as written in assertions and captures: a JSON Pointer (`/a/0/b`,
 * RFC 6901, `~0` and `~1` escapes) or a dotted path (`$.a[0].b`, `$['odd key']`, `$` alone).
 * Both parse to the same list of segments, parsed once at load time.
 */

export type PathSegment = string | number;

export type ParsedPath = { ok: true; segments: PathSegment[] } | { ok: false; error: string };

/** Parses a JSON Pointer or a `$`-rooted dotted path. */
export function parseJsonPath(path: string): ParsedPath {
  if (path === '' || path.startsWith('/')) return parsePointer(path);
  if (path.startsWith('$')) return parseDotted(path);
  return { ok: false, error: `path "${path}" must be a JSON Pointer (/a/0/b) or start with $ ($.a[0].b)` };
}

function parsePointer(path: string): ParsedPath {
  if (path === '') return { ok: true, segments: [] };
  const segments: PathSegment[] = [];
  for (const raw of path.slice(1).split('/')) {
    if (/~(?![01])/.test(raw)) {
      return { ok: false, error: `bad escape in JSON Pointer "${path}": "~" must be followed by 0 or 1` };
    }
    segments.push(raw.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  return { ok: true, segments };
}

const DOTTED_TOKEN = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\])/;

function parseDotted(path: string): ParsedPath {
  const segments: PathSegment[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const match = DOTTED_TOKEN.exec(rest);
    if (match === null) {
      const at = path.length - rest.length;
      return { ok: false, error: `bad path "${path}" at character ${at + 1}: expected .name, [index] or ['key']` };
    }
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push((match[3] ?? match[4] ?? '').replace(/\\(.)/g, '$1'));
    rest = rest.slice(match[0].length);
  }
  return { ok: true, segments };
}

/**
 * The value at `segments` inside `value`, or undefined. Only own properties are followed, so a
 * path can never reach `__proto__` or `constructor` of a plain object.
 */
export function valueAtPath(value: unknown, segments: readonly PathSegment[]): unknown {
  let current: unknown = value;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
      current = index >= 0 && index < current.length ? current[index] : undefined;
    } else if (current !== null && typeof current === 'object') {
      const key = String(segment);
      current = Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined;
    } else {
      return undefined;
    }
    if (current === undefined) return undefined;
  }
  return current;
}
