import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from './index.js';
import type { ReferenceServer } from './index.js';
import { TestClient, isTerminal } from './testing.js';

let server: ReferenceServer;
let c: TestClient;

beforeAll(async () => {
  server = await startReferenceServer({ config: { heartbeatMs: 50 } });
  c = new TestClient(server);
});
afterAll(() => server.close());

describe('E1 start a run', () => {
  it('202 with the documented fields, Running, output null', async () => {
    const r = await c.startRun(server.agents.complete, { q: 'hello' });
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ status: 'Running', totalTokensUsed: 0, output: null, agentId: server.agents.complete });
    expect(r.json.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.json.sessionId).not.toBe(r.json.runId);
  });

  it('accepts a missing body and an empty object', async () => {
    const none = await c.request('POST', `/v1/agents/${server.agents.complete}/runs`);
    expect(none.status).toBe(202);
    const empty = await c.post(`/v1/agents/${server.agents.complete}/runs`, {});
    expect(empty.status).toBe(202);
  });

  it('401 without a key or with an unknown key, 403 out of scope', async () => {
    expect((await c.startRun(server.agents.complete, {}, 'phk_unknown')).status).toBe(401);
    expect((await c.post(`/v1/agents/${server.agents.complete}/runs`, {}, { key: null })).status).toBe(401);
    expect((await c.startRun(server.agents.other)).status).toBe(403);
    expect((await c.startRun(server.agents.complete, {}, server.keys.other)).status).toBe(403);
    expect((await c.startRun(server.agents.other, {}, server.keys.other)).status).toBe(202);
  });

  it('the 401 message never echoes the key', async () => {
    const r = await c.startRun(server.agents.complete, {}, 'phk_secretvalue123');
    expect(r.text).not.toContain('phk_secretvalue123');
    expect(r.json).toEqual({ statusCode: 401, message: 'Invalid API key', error: 'Unauthorized' });
  });
});

describe('E3 poll', () => {
  it('complete: Running → Completed with output derived from input', async () => {
    const start = await c.startRun(server.agents.complete, { n: 1 });
    const first = await c.get(`/v1/runs/${start.json.runId}`);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ runId: start.json.runId, status: 'Running', output: null });
    const done = await c.waitFor(start.json.runId, isTerminal);
    expect(done.json.status).toBe('Completed');
    expect(done.json.output.echo).toEqual({ n: 1 });
    expect(done.json.error).toBeUndefined();
  });

  it('fail: Running → Failed with error', async () => {
    const start = await c.startRun(server.agents.fail);
    const done = await c.waitFor(start.json.runId, isTerminal);
    expect(done.json).toMatchObject({ status: 'Failed', output: null });
    expect(typeof done.json.error).toBe('string');
  });

  it('404 unknown id, 400 non-UUID, 403 run outside the key scope', async () => {
    expect((await c.get('/v1/runs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await c.get('/v1/runs/not-a-uuid')).status).toBe(400);
    const other = await c.startRun(server.agents.other, {}, server.keys.other);
    expect((await c.get(`/v1/runs/${other.json.runId}`)).status).toBe(403);
    expect((await c.get(`/v1/runs/${other.json.runId}`, { key: server.keys.other })).status).toBe(200);
  });
});

describe('E4 conversation', () => {
  it('full mode: steps with the content stanza, ordinals 1..n, per-run sequence', async () => {
    const start = await c.startRun(server.agents.complete, { a: 1 });
    await c.waitFor(start.json.runId, isTerminal);
    const r = await c.get(`/v1/runs/${start.json.runId}/conversation`);
    expect(r.status).toBe(200);
    const items = r.json.items as Array<Record<string, any>>;
    expect(items.map((i) => i.type)).toEqual(['llm_request_prepared', 'reasoning', 'output', 'RunCompleted', 'SessionCompleted']);
    expect(items.map((i) => i.ordinal)).toEqual([1, 2, 3, 4, 5]);
    expect(items.map((i) => i.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(items[0]?.content).toMatchObject({ run_id: start.json.runId, session_id: start.json.sessionId, step_kind: 'llm_request_prepared' });
    expect(r.json.session).toMatchObject({ id: start.json.sessionId, status: 'Completed', triggerType: 'api' });
    expect(r.json.runs).toHaveLength(1);
    expect(r.json.runs[0]).toMatchObject({ id: start.json.runId, depth: 0, parentRunId: null });
  });

  it('slim mode removes the documented keys from object contents only', async () => {
    const start = await c.startRun(server.agents.complete);
    await c.waitFor(start.json.runId, isTerminal);
    const r = await c.get(`/v1/runs/${start.json.runId}/conversation?stepContent=slim`);
    for (const item of r.json.items as Array<{ content: Record<string, unknown> }>) {
      for (const k of ['session_id', 'run_id', 'tenant_id', 'agent_id', 'agent_version_id', 'event_id']) expect(item.content).not.toHaveProperty(k);
      expect(item.content).toHaveProperty('step_kind');
    }
    expect((await c.get(`/v1/runs/${start.json.runId}/conversation?stepContent=tiny`)).status).toBe(400);
  });
});

describe('E2 sessions', () => {
  it('newest first, skip/take paging, total, status and versionId filters', async () => {
    const agent = server.agents.fail;
    const before = (await c.get(`/v1/agents/${agent}/sessions`)).json.total as number;
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await c.startRun(agent)).json.sessionId as string);
    const page = await c.get(`/v1/agents/${agent}/sessions?skip=0&take=2`);
    expect(page.status).toBe(200);
    expect(page.json.total).toBe(before + 3);
    expect(page.json.items.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1]]);
    const next = await c.get(`/v1/agents/${agent}/sessions?skip=2&take=1`);
    expect(next.json.items[0].id).toBe(ids[0]);
    const item = page.json.items[0];
    expect(item).toMatchObject({ agentId: agent, rootRunId: item.entryRunId, runCount: 1 });
    const running = await c.get(`/v1/agents/${agent}/sessions?status=Running`);
    expect(running.json.items.every((s: { status: string }) => s.status === 'Running')).toBe(true);
    const version = await c.get(`/v1/agents/${agent}/sessions?versionId=${item.agentVersionId}`);
    expect(version.json.total).toBe(before + 3);
    const otherVersion = await c.get(`/v1/agents/${agent}/sessions?versionId=00000000-0000-4000-8000-000000000000`);
    expect(otherVersion.json).toEqual({ items: [], total: 0 });
  });

  it('403 for an agent outside the key scope, 400 for bad paging', async () => {
    expect((await c.get(`/v1/agents/${server.agents.other}/sessions`)).status).toBe(403);
    expect((await c.get(`/v1/agents/${server.agents.complete}/sessions?take=0`)).status).toBe(400);
    expect((await c.get(`/v1/agents/${server.agents.complete}/sessions?take=101`)).status).toBe(400);
    expect((await c.get(`/v1/agents/${server.agents.complete}/sessions?skip=-1`)).status).toBe(400);
    expect((await c.get(`/v1/agents/${server.agents.complete}/sessions?take=1.5`)).status).toBe(400);
  });
});

describe('routing', () => {
  it('404 unknown route, 405 with Allow, OPTIONS preflight allows X-API-Key', async () => {
    const r404 = await c.get('/v2/whatever');
    expect(r404.json).toMatchObject({ statusCode: 404, error: 'Not Found' });
    const r405 = await c.request('DELETE', `/v1/runs/${'0'.repeat(8)}-0000-4000-8000-000000000000`);
    expect(r405.status).toBe(405);
    expect(r405.headers.get('allow')).toBe('GET');
    const pre = await c.request('OPTIONS', `/v1/agents/${server.agents.complete}/runs`, { key: null });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toContain('X-API-Key');
  });
});
