import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from './index.js';
import type { ReferenceServer } from './index.js';
import { TestClient, isTerminal } from './testing.js';
import type { Reply } from './testing.js';

let server: ReferenceServer;
let c: TestClient;
let waitingRun: string;
let completedRun: string;
const totals: Record<string, number> = {};

const UNKNOWN = '00000000-0000-4000-8000-0000000000ff';

async function sessionTotals(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of ['complete', 'hitl', 'file', 'fail'] as const) {
    out[name] = (await c.get(`/v1/agents/${server.agents[name]}/sessions`)).json.total as number;
  }
  return out;
}

beforeAll(async () => {
  server = await startReferenceServer({ config: { maxBodyBytes: 64 * 1024 } });
  c = new TestClient(server);
  waitingRun = (await c.startRun(server.agents.hitl)).json.runId;
  completedRun = (await c.startRun(server.agents.complete)).json.runId;
  await c.waitFor(waitingRun, (s) => s === 'WaitingForHITL');
  await c.waitFor(completedRun, isTerminal);
  Object.assign(totals, await sessionTotals());
});
afterAll(() => server.close());

/** A chunked body (no Content-Length) of `size` bytes, for the streaming size check. */
function chunked(size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(ctrl) {
      if (sent >= size) return ctrl.close();
      const n = Math.min(16 * 1024, size - sent);
      sent += n;
      ctrl.enqueue(new Uint8Array(n).fill(32));
    },
  });
}

async function raw(method: string, path: string, body: string | ReadableStream<Uint8Array>, headers: Record<string, string>): Promise<Reply> {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method, body, headers: { 'x-api-key': server.keys.main, ...headers }, duplex: 'half', signal: AbortSignal.timeout(5_000),
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) };
}

/** A request line that is not HTTP: the server answers 400 JSON and stays up. */
function garbage(): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const sock = connect(server.port, '127.0.0.1', () => sock.write('NOT HTTP AT ALL\r\n\r\n'));
    let data = '';
    sock.setTimeout(5_000, () => sock.destroy(new Error('no answer')));
    sock.on('data', (d) => (data += d.toString()));
    sock.on('close', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: new Headers(), text: body, json: JSON.parse(body) });
    });
    sock.on('error', reject);
  });
}

const bigJson = JSON.stringify({ input: { blob: 'x'.repeat(200 * 1024) } });
const json = { 'content-type': 'application/json' };
const run = (p = ''): string => `/v1/runs/${waitingRun}${p}`;
const start = (id: string): string => `/v1/agents/${id}/runs`;

type Case = [name: string, status: number, send: () => Promise<Reply>];

const cases: Case[] = [
  ['malformed JSON on start', 400, () => raw('POST', start(server.agents.complete), '{"input": {', json)],
  ['body is an array', 400, () => c.post(start(server.agents.complete), [1, 2])],
  ['input is a string', 400, () => c.post(start(server.agents.complete), { input: 'text' })],
  ['input is null', 400, () => c.post(start(server.agents.complete), { input: null })],
  ['non-JSON content type', 415, () => raw('POST', start(server.agents.complete), 'input=1', { 'content-type': 'text/plain' })],
  ['huge body (Content-Length)', 413, () => raw('POST', start(server.agents.complete), bigJson, json)],
  ['huge body (chunked)', 413, () => raw('POST', start(server.agents.complete), chunked(300 * 1024), json)],
  ['agentId not a UUID', 400, () => c.startRun('agent-1')],
  ['unknown agentId (out of scope)', 403, () => c.startRun(UNKNOWN)],
  ['runId not a UUID', 400, () => c.get('/v1/runs/123')],
  ['unknown runId', 404, () => c.get(`/v1/runs/${UNKNOWN}`)],
  ['unknown runId (conversation)', 404, () => c.get(`/v1/runs/${UNKNOWN}/conversation`)],
  ['unknown runId (stream)', 404, () => c.get(`/v1/runs/${UNKNOWN}/stream`)],
  ['missing X-API-Key', 401, () => c.get(run(), { key: null })],
  ['wrong method on run', 405, () => c.request('DELETE', run())],
  ['wrong method on start', 405, () => c.get(start(server.agents.complete))],
  ['wrong method on presign', 405, () => c.get('/v1/file-library/presign')],
  ['unknown route', 404, () => c.get('/v1/nothing-here')],
  ['resume: body runId ≠ path', 400, () => c.post(run('/messages'), { runId: UNKNOWN, approved: true, userTaskId: UNKNOWN })],
  ['resume: runId missing', 400, () => c.post(run('/messages'), { userTaskId: UNKNOWN })],
  ['resume: empty body', 400, () => c.request('POST', run('/messages'))],
  ['resume: approved is a string', 400, () => c.post(run('/input'), { runId: waitingRun, userTaskId: UNKNOWN, approved: 'yes' })],
  ['resume: userTaskId not a UUID', 400, () => c.post(run('/input'), { runId: waitingRun, userTaskId: 'task' })],
  ['resume: nothing to resume with', 400, () => c.post(run('/input'), { runId: waitingRun })],
  ['resume: run not waiting', 400, () => c.post(`/v1/runs/${completedRun}/messages`, { runId: completedRun, text: 'hi' })],
  ['skip-agent-wait: not a timer wait', 400, () => c.request('POST', run('/skip-agent-wait'))],
  ['sessions: take=0', 400, () => c.get(`/v1/agents/${server.agents.complete}/sessions?take=0`)],
  ['sessions: take=1000', 400, () => c.get(`/v1/agents/${server.agents.complete}/sessions?take=1000`)],
  ['sessions: skip=abc', 400, () => c.get(`/v1/agents/${server.agents.complete}/sessions?skip=abc`)],
  ['sessions: skip=-5', 400, () => c.get(`/v1/agents/${server.agents.complete}/sessions?skip=-5`)],
  ['sessions: versionId not a UUID', 400, () => c.get(`/v1/agents/${server.agents.complete}/sessions?versionId=v1`)],
  ['conversation: bad stepContent', 400, () => c.get(run('/conversation?stepContent=none'))],
  ['presign: unsafe mediaType (exe)', 400, () => c.post('/v1/file-library/presign', { filename: 'a.exe', mediaType: 'application/x-msdownload', maxContentLength: 10 })],
  ['presign: unsafe mediaType (html)', 400, () => c.post('/v1/file-library/presign', { filename: 'a.html', mediaType: 'text/html; charset=utf-8', maxContentLength: 10 })],
  ['presign: empty filename', 400, () => c.post('/v1/file-library/presign', { filename: '', mediaType: 'text/plain', maxContentLength: 10 })],
  ['presign: 513-char filename', 400, () => c.post('/v1/file-library/presign', { filename: 'a'.repeat(513), mediaType: 'text/plain', maxContentLength: 10 })],
  ['presign: negative maxContentLength', 400, () => c.post('/v1/file-library/presign', { filename: 'a', mediaType: 'text/plain', maxContentLength: -1 })],
  ['presign: fractional maxContentLength', 400, () => c.post('/v1/file-library/presign', { filename: 'a', mediaType: 'text/plain', maxContentLength: 1.5 })],
  ['presign: maxContentLength over the cap', 400, () => c.post('/v1/file-library/presign', { filename: 'a', mediaType: 'text/plain', maxContentLength: 1e12 })],
  ['presign: no body', 400, () => c.request('POST', '/v1/file-library/presign')],
  ['finalize: traversal', 400, () => c.post('/v1/file-library/finalize', { objectKey: '../../etc/passwd', maxContentLength: 1 })],
  ['finalize: encoded traversal', 400, () => c.post('/v1/file-library/finalize', { objectKey: `${UNKNOWN}/library/%2e%2e%2fsecret`, maxContentLength: 1 })],
  ['finalize: unknown objectKey', 404, () => c.post('/v1/file-library/finalize', { objectKey: `7d1e4a52-0b6c-4f0e-9a43-5c2f8e1b9a01/library/${UNKNOWN}.pdf`, maxContentLength: 1 })],
  ['finalize: maxContentLength missing', 400, () => c.post('/v1/file-library/finalize', { objectKey: `7d1e4a52-0b6c-4f0e-9a43-5c2f8e1b9a01/library/${UNKNOWN}.pdf` })],
  ['upload PUT without signature', 403, () => c.request('PUT', '/_storage/a/library/b.pdf', { key: null, body: 'x' })],
  ['not HTTP at all', 400, garbage],
  ['oversized request headers', 431, () => c.get(run(), { headers: { 'x-padding': 'a'.repeat(20_000) } })],
];

describe('bad requests', () => {
  it('the table is large enough', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)('%s → %i JSON error', async (_name, status, send) => {
    const r = await send();
    expect(r.status).toBe(status);
    expect(r.json).toMatchObject({ statusCode: status });
    expect(typeof r.json.message).toBe('string');
    expect(typeof r.json.error).toBe('string');
  });

  it('left no trace: server up, totals unchanged, earlier runs still pollable and unchanged', async () => {
    expect(await sessionTotals()).toEqual(totals);
    expect((await c.get(run())).json.status).toBe('WaitingForHITL');
    expect((await c.get(`/v1/runs/${completedRun}`)).json.status).toBe('Completed');
  });
});
