import { describe, expect, it } from 'vitest';
import { compilePath, PathSyntaxError, resolvePath } from './path.js';

const doc = {
  runId: 'r1',
  status: 'Running',
  items: [{ id: 'a', tags: ['x'] }, { id: 'b', tags: [] }],
  'a/b': 1,
  'm~n': 2,
  'odd.key': 3,
  empty: null,
  '': 'blank',
};

describe('resolvePath', () => {
  it.each([
    ['', true, doc],
    ['$', true, doc],
    ['/runId', true, 'r1'],
    ['/items/1/id', true, 'b'],
    ['/items/0/tags/0', true, 'x'],
    ['/a~1b', true, 1],
    ['/m~0n', true, 2],
    ['/', true, 'blank'],
    ['/items/2', false, undefined],
    ['/items/01', false, undefined],
    ['/items/-', false, undefined],
    ['/runId/x', false, undefined],
    ['/missing', false, undefined],
    ['/empty', true, null],
    ['$.runId', true, 'r1'],
    ['$.items[1].id', true, 'b'],
    ['items[0].tags[0]', true, 'x'],
    ['items.1.id', true, 'b'],
    ['$.items[-1].id', true, 'b'],
    ['$.items[-3].id', false, undefined],
    ["$['odd.key']", true, 3],
    ['$["a/b"]', true, 1],
    ['status', true, 'Running'],
    ['$.constructor', false, undefined],
    ['/__proto__', false, undefined],
    ['$.items[', false, undefined],
  ])('%s', (path, found, value) => {
    const result = resolvePath(doc, path);
    expect(result.found).toBe(found);
    if (found) expect(result.value).toEqual(value);
  });

  it('finds nothing inside scalars and undefined documents', () => {
    expect(resolvePath(undefined, '/a').found).toBe(false);
    expect(resolvePath('text', '$.length').found).toBe(false);
    expect(resolvePath(undefined, '')).toEqual({ found: true, value: undefined });
  });

  it('rejects malformed dotted paths at compile time', () => {
    expect(() => compilePath('$.a[')).toThrow(PathSyntaxError);
    expect(() => compilePath('$..a')).toThrow(PathSyntaxError);
    expect(() => compilePath('/a~2b')).toThrow(PathSyntaxError);
    expect(compilePath('$.a[0]')).toBe(compilePath('$.a[0]'));
  });
});
