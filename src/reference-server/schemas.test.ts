/**
 * The API response schemas (schemas/api) accept the documented example bodies of
 * phrony-api.md and the real answers of the reference server, and reject what they must.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from './index.js';
import type { ReferenceServer } from './index.js';
import { TestClient, isTerminal } from './testing.js';

const dir = fileURLToPath(new URL('../../schemas/api/', import.meta.url));
const NAMES = ['error', 'start-run', 'sessions', 'run', 'conversation', 'sse-event', 'resume', 'presign', 'finalize'];
// ajv-formats is CommonJS: its default export arrives wrapped under ESM/NodeNext typing.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.schema.json'))) {
  ajv.addSchema(JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as object);
}

function check(name: string, body: unknown): string[] {
  const validate = ajv.getSchema(`https://phrony-harness.dev/schemas/api/${name}.schema.json`);
  if (validate === undefined) throw new Error(`schema ${name} not found`);
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('schema files', () => {
  it.each(NAMES)('%s has the agreed $id and draft 2020-12', (name) => {
    const s = JSON.parse(readFileSync(`${dir}${name}.schema.json`, 'utf8')) as Record<string, unknown>;
    expect(s['$id']).toBe(`https://phrony-harness.dev/schemas/api/${name}.schema.json`);
    expect(s['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
  });
});

describe('documented examples (phrony-api.md)', () => {
  const examples: Array<[string, unknown]> = [
    ['start-run', { sessionId: '00000000-0000-0000-0000-000000000000', runId: '00000000-0000-0000-0000-000000000001', status: 'Running', totalTokensUsed: 0, output: null }],
    ['presign', { objectKey: 'tenant/…/file.pdf', uploadUrl: 'https://…', httpMethod: 'PUT', requiredHeaders: { 'Content-Type': 'application/pdf' }, expiresInSeconds: 3600 }],
    ['resume', { status: 'Running' }],
    ['sse-event', { ts: '1', kind: 'run', subject: 'x', data: {} }],
    ['error', { statusCode: 400, message: 'Agent not found', error: 'Bad Request' }],
    ['error', { statusCode: 400, message: ['take must not be less than 1'], error: 'Bad Request' }],
    ['error', { statusCode: 400, message: [{ property: 'take', constraints: { min: 'take must not be less than 1' } }], error: 'Bad Request' }],
    ['finalize', { objectKey: 'tenant/library/a1b2c3d4-e5f6-7890-abcd-ef1234567890.pdf', sizeBytes: '1024', alreadyFinalized: false }],
    ['run', { runId: '00000000-0000-0000-0000-000000000001', status: 'Completed', output: { answer: 42 }, extra: 'ignored' }],
  ];
  it.each(examples)('%s example validates', (name, body) => {
    expect(check(name, body)).toEqual([]);
  });

  it('rejects bodies that break the documented contract', () => {
    expect(check('start-run', { sessionId: 'x', runId: '00000000-0000-0000-0000-000000000001', status: 'Running', totalTokensUsed: 0, output: null })).not.toEqual([]);
    expect(check('start-run', { sessionId: '00000000-0000-0000-0000-000000000000', runId: '00000000-0000-0000-0000-000000000001', status: 'Running', totalTokensUsed: 0 })).not.toEqual([]);
    expect(check('finalize', { objectKey: 'a', sizeBytes: 1024, alreadyFinalized: false })).not.toEqual([]);
    expect(check('presign', { objectKey: 'a', uploadUrl: 'https://x', httpMethod: 'POST', requiredHeaders: {}, expiresInSeconds: 1 })).not.toEqual([]);
    expect(check('sse-event', { ts: '1', kind: 'other', subject: 'x', data: {} })).not.toEqual([]);
    expect(check('run', { runId: '00000000-0000-0000-0000-000000000001', status: 'Running' })).not.toEqual([]);
  });
});

describe('real responses of the reference server', () => {
  let server: ReferenceServer;
  let c: TestClient;
  beforeAll(async () => {
    server = await startReferenceServer();
    c = new TestClient(server);
  });
  afterAll(() => server.close());

  it('start, poll, sessions, conversation (full and slim), stream events validate', async () => {
    const start = await c.startRun(server.agents.hitl, { topic: 'x' });
    expect(check('start-run', start.json)).toEqual([]);
    const runId = start.json.runId as string;
    expect(check('run', (await c.get(`/v1/runs/${runId}`)).json)).toEqual([]);
    await c.waitFor(runId, (s) => s === 'WaitingForHITL');
    const conv = await c.get(`/v1/runs/${runId}/conversation`);
    expect(check('conversation', conv.json)).toEqual([]);
    const task = (conv.json.items as Array<{ type: string; content: { user_task_id: string } }>).find((i) => i.type === 'UserTaskReq');
    const resume = await c.post(`/v1/runs/${runId}/messages`, { runId, userTaskId: task?.content.user_task_id, approved: true });
    expect(check('resume', resume.json)).toEqual([]);
    const done = await c.waitFor(runId, isTerminal);
    expect(check('run', done.json)).toEqual([]);
    expect(check('conversation', (await c.get(`/v1/runs/${runId}/conversation?stepContent=slim`)).json)).toEqual([]);
    expect(check('sessions', (await c.get(`/v1/agents/${server.agents.hitl}/sessions`)).json)).toEqual([]);
    const stream = await c.get(`/v1/runs/${runId}/stream`);
    const events = stream.text.split('\n\n').filter((f) => f.startsWith('data: ')).map((f) => JSON.parse(f.slice(6)) as unknown);
    expect(events.length).toBeGreaterThan(5);
    for (const e of events) expect(check('sse-event', e)).toEqual([]);
  });

  it('failed run, timer skip, presign, finalize and errors validate', async () => {
    const failed = await c.startRun(server.agents.fail);
    expect(check('run', (await c.waitFor(failed.json.runId, isTerminal)).json)).toEqual([]);
    const timer = await c.startRun(server.agents.timer);
    await c.waitFor(timer.json.runId, (s) => s === 'WaitingForTimer');
    expect(check('resume', (await c.request('POST', `/v1/runs/${timer.json.runId}/skip-agent-wait`)).json)).toEqual([]);
    const p = await c.post('/v1/file-library/presign', { filename: 'a.txt', mediaType: 'text/plain', maxContentLength: 3 });
    expect(check('presign', p.json)).toEqual([]);
    await fetch(p.json.uploadUrl as string, { method: 'PUT', headers: p.json.requiredHeaders as Record<string, string>, body: 'abc' });
    const f = await c.post('/v1/file-library/finalize', { objectKey: p.json.objectKey, maxContentLength: 3 });
    expect(check('finalize', f.json)).toEqual([]);
    for (const r of [await c.get('/nope'), await c.get(`/v1/runs/${failed.json.runId}`, { key: null }), await c.request('PUT', `/v1/runs/${failed.json.runId}`)]) {
      expect(check('error', r.json)).toEqual([]);
    }
  });
});
