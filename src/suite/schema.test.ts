import { describe, expect, it } from 'vitest';
import { DURATION_PATTERN } from './duration.js';
import { SIZE_PATTERN } from './size.js';
import { suiteSchema } from './schema-check.js';

type Node = Record<string, unknown>;

/** Every schema reachable under `properties`, `additionalProperties`, `items` and `$defs`, with its path. */
function* subschemas(node: unknown, path: string): Generator<[Node, string]> {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
  const schema = node as Node;
  yield [schema, path];
  for (const key of ['properties', '$defs'] as const) {
    const children = schema[key];
    if (children !== null && typeof children === 'object') {
      for (const [name, child] of Object.entries(children)) yield* subschemas(child, `${path}/${key}/${name}`);
    }
  }
  for (const key of ['additionalProperties', 'items', 'propertyNames'] as const) yield* subschemas(schema[key], `${path}/${key}`);
}

describe('schemas/suite.schema.json', () => {
  const schema = suiteSchema();

  it('is a draft 2020-12 schema with the published $id', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('https://phrony-harness.dev/schemas/suite.schema.json');
  });

  it('describes every property, so that editors show help', () => {
    const missing: string[] = [];
    for (const [node, path] of subschemas(schema, '#')) {
      if (typeof node.description !== 'string' || node.description.length < 8) missing.push(path);
    }
    expect(missing).toEqual([]);
  });

  it('uses the same duration and size grammar as the loader', () => {
    const defs = schema.$defs as Record<string, Node>;
    expect(defs.duration?.pattern).toBe(DURATION_PATTERN);
    expect(defs.size?.pattern).toBe(SIZE_PATTERN);
    const load = defs.load?.properties as Record<string, Node>;
    expect(load.thinkTime?.pattern).toBe(DURATION_PATTERN);
  });
});
