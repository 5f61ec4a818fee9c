import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaRegistry } from './schemas.js';

const BASE = 'https://phrony-harness.dev/schemas/api/';
let dir: string;

async function write(path: string, schema: unknown): Promise<void> {
  await writeFile(join(dir, path), JSON.stringify(schema));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'schemas-'));
  await mkdir(join(dir, 'api'));
  await write('api/run.schema.json', {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${BASE}run.schema.json`,
    type: 'object',
    required: ['runId', 'status'],
    properties: { runId: { type: 'string', format: 'uuid' }, status: { type: 'string' }, error: { $ref: 'error.schema.json' } },
  });
  await write('api/error.schema.json', {
    $id: `${BASE}error.schema.json`,
    type: 'object',
    required: ['statusCode'],
    properties: { statusCode: { type: 'integer' } },
    additionalProperties: false,
  });
  await write('run.schema.json', { $id: 'https://example.test/shadowed-run.schema.json', type: 'string' });
  await write('no-id.schema.json', { type: 'array', items: { type: 'number' } });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SchemaRegistry', () => {
  it('resolves short names (api/ first) and $ids', async () => {
    const registry = await SchemaRegistry.load(dir);
    expect(registry.names()).toEqual(['error', 'no-id', 'run']);
    expect(registry.resolve('run')).toBe(`${BASE}run.schema.json`);
    expect(registry.resolve('run.schema.json')).toBe(`${BASE}run.schema.json`);
    expect(registry.resolve(`${BASE}error.schema.json`)).toBe(`${BASE}error.schema.json`);
    expect(registry.resolve('https://example.test/shadowed-run.schema.json')).toBe('https://example.test/shadowed-run.schema.json');
    expect(registry.resolve('nope')).toBeUndefined();
  });

  it('validates with formats, cross-file $refs and a capped error list', async () => {
    const registry = await SchemaRegistry.load(dir);
    const id = '123e4567-e89b-12d3-a456-426614174000';
    expect(registry.validate('run', { runId: id, status: 'Running' })).toEqual({ valid: true });
    expect(registry.validate(`${BASE}run.schema.json`, { runId: id, status: 'Running' }).valid).toBe(true);
    const bad = registry.validate('run', { runId: 'not-a-uuid', error: { statusCode: 'x', extra: 1 } });
    expect(bad.valid).toBe(false);
    if (bad.valid) return;
    expect(bad.errors.map((e) => e.instancePath).sort()).toEqual(['', '/error', '/error/statusCode', '/runId']);
    expect(bad.errors.find((e) => e.instancePath === '/error')?.message).toBe('must NOT have additional properties: extra');
    expect(bad.errors.find((e) => e.instancePath === '/runId')?.schemaPath).toBe('#/properties/runId/format');
    const many = registry.validate('no-id', Array.from({ length: 50 }, () => 'x'));
    expect(!many.valid && many.errors.length).toBe(10);
  });

  it('answers an unknown schema with a failure, not an exception', async () => {
    const registry = await SchemaRegistry.load(dir);
    expect(registry.validate('missing', {})).toEqual({
      valid: false, errors: [{ instancePath: '', schemaPath: '', message: 'unknown schema "missing"' }],
    });
  });

  it('refuses a schema that does not compile', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'schemas-broken-'));
    await writeFile(join(broken, 'bad.schema.json'), JSON.stringify({ type: 'object', properties: { a: { $ref: '#/$defs/missing' } } }));
    await expect(SchemaRegistry.load(broken)).rejects.toThrow(/bad\.schema\.json does not compile/);
    await writeFile(join(broken, 'bad.schema.json'), '{ not json');
    await expect(SchemaRegistry.load(broken)).rejects.toThrow(/cannot read schema .*bad\.schema\.json/);
    await rm(broken, { recursive: true, force: true });
  });

  it('loads the shipped schemas', async () => {
    const registry = await SchemaRegistry.load();
    expect(registry.names().length).toBeGreaterThan(0);
  });
});
