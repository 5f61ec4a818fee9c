import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from './index.js';
import type { ReferenceServer } from './index.js';
import { TestClient, isTerminal } from './testing.js';

let server: ReferenceServer;
let c: TestClient;

beforeAll(async () => {
  server = await startReferenceServer({
    config: {
      heartbeatMs: 40,
      agents: { timer: { timerMs: 400 }, complete: { delayMs: 150 } },
    },
  });
  c = new TestClient(server);
});
afterAll(() => server.close());

async function userTaskOf(runId: string): Promise<string> {
  const conv = await c.get(`/v1/runs/${runId}/conversation`);
  const req = (conv.json.items as Array<{ type: string; content: { user_task_id: string } }>).find((i) => i.type === 'UserTaskReq');
  if (req === undefined) throw new Error('no UserTaskReq item');
  return req.content.user_task_id;
}

describe('HITL', () => {
  it.each([true, false])('approved=%s → 202 Running → Completed with the decision', async (approved) => {
    const { runId } = (await c.startRun(server.agents.hitl)).json;
    await c.waitFor(runId, (s) => s === 'WaitingForHITL');
    const userTaskId = await userTaskOf(runId);
    const r = await c.post(`/v1/runs/${runId}/messages`, { runId, userTaskId, approved });
    expect(r.status).toBe(202);
    expect(r.json).toEqual({ status: 'Running' });
    const done = await c.waitFor(runId, isTerminal);
    expect(done.json.status).toBe('Completed');
    expect(done.json.output.approved).toBe(approved);
    // Terminal is final: a second answer is refused and the status does not move.
    const again = await c.post(`/v1/runs/${runId}/input`, { runId, userTaskId, approved: true });
    expect(again.status).toBe(400);
    expect((await c.get(`/v1/runs/${runId}`)).json.status).toBe('Completed');
  });

  it('unknown userTaskId → 404, missing userTaskId → 400, body runId ≠ path → 400', async () => {
    const { runId } = (await c.startRun(server.agents.hitl)).json;
    await c.waitFor(runId, (s) => s === 'WaitingForHITL');
    const unknown = await c.post(`/v1/runs/${runId}/messages`, { runId, userTaskId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(404);
    expect((await c.post(`/v1/runs/${runId}/messages`, { runId, text: 'hi' })).status).toBe(400);
    const userTaskId = await userTaskOf(runId);
    const mismatch = await c.post(`/v1/runs/${runId}/messages`, { runId: '00000000-0000-4000-8000-000000000000', userTaskId });
    expect(mismatch.status).toBe(400);
    expect((await c.get(`/v1/runs/${runId}`)).json.status).toBe('WaitingForHITL');
  });
});

describe('chat', () => {
  it('WaitingForResponse → reply (text or message) → Completed with the reply', async () => {
    for (const field of ['text', 'message']) {
      const { runId } = (await c.startRun(server.agents.chat)).json;
      await c.waitFor(runId, (s) => s === 'WaitingForResponse');
      const r = await c.post(`/v1/runs/${runId}/messages`, { runId, [field]: `reply via ${field}` });
      expect(r.status).toBe(202);
      const done = await c.waitFor(runId, isTerminal);
      expect(done.json.output.reply).toBe(`reply via ${field}`);
    }
  });

  it('resuming a run that is not waiting → 400', async () => {
    const { runId } = (await c.startRun(server.agents.complete)).json;
    expect((await c.post(`/v1/runs/${runId}/messages`, { runId, text: 'too early' })).status).toBe(400);
  });
});

describe('timer', () => {
  it('skip-agent-wait: 202 while waiting, 400 after', async () => {
    const { runId } = (await c.startRun(server.agents.timer)).json;
    expect((await c.request('POST', `/v1/runs/${runId}/skip-agent-wait`)).status).toBe(400);
    await c.waitFor(runId, (s) => s === 'WaitingForTimer');
    const skip = await c.request('POST', `/v1/runs/${runId}/skip-agent-wait`);
    expect(skip.status).toBe(202);
    expect(skip.json).toEqual({ status: 'Running' });
    const done = await c.waitFor(runId, isTerminal);
    expect(done.json.output.timerSkipped).toBe(true);
    expect((await c.request('POST', `/v1/runs/${runId}/skip-agent-wait`)).status).toBe(400);
  });

  it('completes by itself when the wait elapses', async () => {
    const { runId } = (await c.startRun(server.agents.timer)).json;
    const done = await c.waitFor(runId, isTerminal, 3_000);
    expect(done.json).toMatchObject({ status: 'Completed', output: { timerSkipped: false } });
  });
});

describe('rate limit (limited agent: 2 concurrent, 3 per minute)', () => {
  it('429 with Retry-After and a JSON body, for concurrency then for rpm', async () => {
    const a = await c.startRun(server.agents.limited);
    const b = await c.startRun(server.agents.limited);
    expect([a.status, b.status]).toEqual([202, 202]);
    const busy = await c.startRun(server.agents.limited);
    expect(busy.status).toBe(429);
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(busy.json).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    await c.waitFor(a.json.runId, isTerminal);
    await c.waitFor(b.json.runId, isTerminal);
    expect((await c.startRun(server.agents.limited)).status).toBe(202);
    const rpm = await c.startRun(server.agents.limited);
    expect(rpm.status).toBe(429);
    const retry = Number(rpm.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(1);
    expect(retry).toBeLessThanOrEqual(60);
  });
});

interface Frame {
  raw: string;
  event?: { ts: string; kind: string; subject: string; data: Record<string, unknown> };
}

async function readStream(runId: string): Promise<Frame[]> {
  const res = await fetch(`${server.baseUrl}/v1/runs/${runId}/stream`, { headers: { 'x-api-key': server.keys.main }, signal: AbortSignal.timeout(5_000) });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const text = await res.text(); // resolves only because the server closes the stream
  expect(text.endsWith('\n\n')).toBe(true);
  return text.slice(0, -2).split('\n\n').map((raw) => {
    if (raw.startsWith(':')) return { raw };
    expect(raw).toMatch(/^data: \{.*\}$/);
    return { raw, event: JSON.parse(raw.slice('data: '.length)) };
  });
}

describe('SSE stream', () => {
  it('live client: exact data frames, heartbeats, closed after SessionCompleted', async () => {
    const { runId } = (await c.startRun(server.agents.complete)).json;
    const frames = await readStream(runId);
    expect(frames.some((f) => f.raw === ': ping')).toBe(true);
    const events = frames.flatMap((f) => (f.event === undefined ? [] : [f.event]));
    expect(events[0]).toMatchObject({ kind: 'session', subject: 'engine.session.started' });
    expect(events.at(-1)).toMatchObject({ kind: 'session', subject: 'engine.session.completed' });
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['session', 'run', 'step']));
    expect(events.filter((e) => e.kind === 'step').map((e) => e.data['type'])).toContain('SessionCompleted');
    for (const e of events) expect(Date.parse(e.ts)).not.toBeNaN();
  });

  it('late client gets the whole backlog, then the stream ends', async () => {
    const { runId } = (await c.startRun(server.agents.hitl)).json;
    await c.waitFor(runId, (s) => s === 'WaitingForHITL');
    const userTaskId = await userTaskOf(runId);
    await c.post(`/v1/runs/${runId}/messages`, { runId, userTaskId, approved: true });
    await c.waitFor(runId, isTerminal);
    const events = (await readStream(runId)).flatMap((f) => (f.event === undefined ? [] : [f.event]));
    expect(events.map((e) => e.kind)).toContain('user_task');
    expect(events[0]?.subject).toBe('engine.session.started');
    expect(events.at(-1)?.subject).toBe('engine.session.completed');
  });

  it('a client that disconnects mid-stream harms nothing', async () => {
    const { runId } = (await c.startRun(server.agents.timer)).json;
    await c.waitFor(runId, (st) => st === 'WaitingForTimer');
    const ctrl = new AbortController();
    const res = await fetch(`${server.baseUrl}/v1/runs/${runId}/stream`, { headers: { 'x-api-key': server.keys.main }, signal: ctrl.signal });
    const reader = res.body?.getReader();
    await reader?.read();
    ctrl.abort();
    expect((await c.request('POST', `/v1/runs/${runId}/skip-agent-wait`)).status).toBe(202);
    expect((await c.waitFor(runId, isTerminal)).json.status).toBe('Completed');
  });

  it('an open stream does not keep the server from closing', async () => {
    const s = await startReferenceServer({ config: { agents: { timer: { timerMs: 60_000 } } } });
    const client = new TestClient(s);
    const { runId } = (await client.startRun(s.agents.timer)).json;
    const res = await fetch(`${s.baseUrl}/v1/runs/${runId}/stream`, { headers: { 'x-api-key': s.keys.main } });
    const body = res.text().catch(() => 'closed');
    const t0 = Date.now();
    await s.close();
    await body;
    expect(Date.now() - t0).toBeLessThan(2_000);
  });
});

describe('redaction (exposeStepTimelineToApi: false)', () => {
  it('conversation keeps only completion rows; stream drops step events; poll unchanged', async () => {
    const s = await startReferenceServer({ config: { agents: { complete: { trigger: { exposeStepTimelineToApi: false } } } } });
    try {
      const client = new TestClient(s);
      const { runId } = (await client.startRun(s.agents.complete, { secret: 1 })).json;
      const done = await client.waitFor(runId, isTerminal);
      expect(done.json.output.echo).toEqual({ secret: 1 });
      const conv = await client.get(`/v1/runs/${runId}/conversation`);
      expect(conv.json.items.map((i: { type: string }) => i.type)).toEqual(['RunCompleted', 'SessionCompleted']);
      expect(conv.json.session.input).toBeNull();
      expect(conv.json.runs[0].output).toBeNull();
      const stream = await client.get(`/v1/runs/${runId}/stream`);
      expect(stream.text).not.toContain('"kind":"step"');
    } finally {
      await s.close();
    }
  });
});
