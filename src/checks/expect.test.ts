import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../http/types.js';
import type { Assertion, Expect } from '../suite/types.js';
import { checkExchange } from './expect.js';
import { SchemaRegistry } from './schemas.js';

const KEY = 'phk_live_0123456789abcdef';
const loc = { file: 'suite.yaml', line: 3, col: 5 };
let dir: string;
let registry: SchemaRegistry;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'expect-'));
  await writeFile(join(dir, 'run.schema.json'), JSON.stringify({
    $id: 'https://phrony-harness.dev/schemas/api/run.schema.json',
    type: 'object', required: ['runId', 'status'],
    properties: { runId: { type: 'string' }, status: { type: 'string', enum: ['Running', 'Completed'] } },
  }));
  registry = await SchemaRegistry.load(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function exchange(over: Partial<Exchange> = {}): Exchange {
  const json = over.json ?? { runId: 'r1', status: 'Running' };
  return {
    method: 'GET', url: `http://127.0.0.1:1/v1/runs/r1?sig=abc&api_key=${KEY}`, status: 200,
    headers: { 'content-type': 'application/json', 'x-request-id': '42' },
    bodyText: JSON.stringify(json), truncated: false, json, startedAtMs: 0, durationUs: 10, ...over,
  };
}

const body = (path: string, spec: Partial<Assertion>): Assertion => ({ path, loc, ...spec });

describe('checkExchange', () => {
  it('passes any 2xx by default with one bare outcome', () => {
    expect(checkExchange(undefined, exchange(), registry)).toEqual([{ name: 'status', passed: true, category: 'status' }]);
    expect(checkExchange({}, exchange({ status: 204 }), registry)[0]?.passed).toBe(true);
  });

  it('fails an unexpected status and skips the checks it explains', () => {
    const ex = exchange({ status: 500, bodyText: 'upstream failed', json: undefined });
    const out = checkExchange({ status: [202], schema: 'run', body: [body('/status', { exists: true })] }, ex, registry);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      name: 'status', passed: false, category: 'status', expected: [202], actual: 500, sampleBody: 'upstream failed',
      request: { method: 'GET', url: 'http://127.0.0.1:1/v1/runs/r1?sig=[redacted]&api_key=[redacted]' },
    });
  });

  it('yields nothing for a transport error', () => {
    expect(checkExchange({ status: [200] }, exchange({ status: undefined, error: { category: 'reset', code: 'ECONNRESET', message: 'x' } }), registry)).toEqual([]);
  });

  it('checks the schema by short name and reports the first error', () => {
    const expectation: Expect = { schema: 'run' };
    expect(checkExchange(expectation, exchange(), registry)[1]).toEqual({ name: 'schema run', passed: true, category: 'schema' });
    const bad = checkExchange(expectation, exchange({ json: { runId: 'r1', status: 'Weird' } }), registry)[1];
    expect(bad).toMatchObject({
      name: 'schema run', passed: false, category: 'schema', expected: 'run', actual: 'Weird',
      instancePath: '/status', schemaPath: '#/properties/status/enum',
    });
    expect(bad?.message).toContain('/status must be equal to one of the allowed values');
  });

  it('fails JSON checks with body_parse or body_too_large when there is no JSON', () => {
    const spec: Expect = { schema: 'run', body: [body('/status', { equals: 'Running' })] };
    const invalid = checkExchange(spec, exchange({ json: undefined, bodyText: '{oops', jsonError: 'Unexpected token' }), registry);
    expect(invalid.slice(1).map((o) => [o.name, o.passed, o.category])).toEqual([
      ['schema run', false, 'body_parse'], ['body /status equals', false, 'body_parse'],
    ]);
    const cut = checkExchange(spec, exchange({ json: undefined, truncated: true, bodyBytes: 5_000_000 }), registry);
    expect(cut[1]).toMatchObject({ category: 'body_too_large', passed: false });
    const html = checkExchange(spec, exchange({ json: undefined, bodyText: '<html>', headers: { 'content-type': 'text/html' } }), registry);
    expect(html[1]?.message).toBe('no JSON body (content-type text/html)');
  });

  it('evaluates body and header assertions with stable names', () => {
    const out = checkExchange({
      headers: { 'Content-Type': { path: '', loc, matches: '^application/json' }, 'X-Request-Id': { path: '', loc, equals: 42 }, 'X-Missing': { path: '', loc, exists: true } },
      body: [body('/status', { oneOf: ['Running', 'Completed'] }), body('$.runId', { equals: 'r2' }), body('/nope', { exists: false })],
    }, exchange(), registry);
    expect(out.map((o) => [o.name, o.passed])).toEqual([
      ['status', true],
      ['header content-type matches', true],
      ['header x-request-id equals', true],
      ['header x-missing exists', false],
      ['body /status oneOf', true],
      ['body $.runId equals', false],
      ['body /nope exists', true],
    ]);
    expect(out[5]).toMatchObject({ category: 'assertion', expected: 'r2', actual: 'r1', message: '$.runId is "r1", expected "r2"' });
  });

  it('never lets a key echoed by the target into an outcome', () => {
    const json = { runId: KEY, status: 'Weird', echo: { key: KEY } };
    const out = checkExchange(
      { schema: 'run', body: [body('/echo', { equals: {} }), body('/runId', { equals: 'x' })] },
      exchange({ json, bodyText: JSON.stringify(json), url: `http://h/v1/runs/${KEY}` }),
      registry,
      { redactSecrets: [KEY] },
    );
    expect(out.filter((o) => !o.passed)).toHaveLength(3);
    expect(JSON.stringify(out)).not.toContain(KEY);
    expect(JSON.stringify(out)).toContain('[redacted]');
  });

  it('cuts the sample of a large body', () => {
    const big = 'x'.repeat(100_000);
    const out = checkExchange({ status: [201] }, exchange({ bodyText: big, json: undefined }), registry);
    expect(out[0]?.sampleBody).toBe(`${'x'.repeat(2048)}… [${100_000 - 2048} more characters]`);
  });
});
