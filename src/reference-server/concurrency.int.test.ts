import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from './index.js';
import type { ReferenceServer } from './index.js';

let server: ReferenceServer;
let pool: Pool;
const N = 500;

beforeAll(async () => {
  server = await startReferenceServer();
  pool = new Pool(server.baseUrl, { connections: 32 });
});
afterAll(async () => {
  await pool.close();
  await server.close();
});

// Bodies differ per route; the assertions below narrow them.
async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await pool.request({
    method, path,
    headers: { 'x-api-key': server.keys.main, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.statusCode, json: await res.body.json() };
}

describe('500 runs started at once', () => {
  it('all accepted, unique ids, all reach a terminal status, sessions total matches', async () => {
    const agent = server.agents.complete;
    const starts = await Promise.all(Array.from({ length: N }, (_, i) => call('POST', `/v1/agents/${agent}/runs`, { input: { i } })));
    expect(starts.every((s) => s.status === 202)).toBe(true);
    const runIds = new Set(starts.map((s) => s.json.runId as string));
    const sessionIds = new Set(starts.map((s) => s.json.sessionId as string));
    expect(runIds.size).toBe(N);
    expect(sessionIds.size).toBe(N);

    const pending = new Set(runIds);
    const deadline = Date.now() + 15_000;
    while (pending.size > 0 && Date.now() < deadline) {
      const polls = await Promise.all([...pending].map(async (id) => [id, await call('GET', `/v1/runs/${id}`)] as const));
      for (const [id, r] of polls) {
        expect(r.status).toBe(200);
        if (r.json.status === 'Completed') pending.delete(id);
      }
      if (pending.size > 0) await new Promise((done) => setTimeout(done, 50));
    }
    expect(pending.size).toBe(0);

    const first = await call('GET', `/v1/agents/${agent}/sessions?take=100`);
    expect(first.json.total).toBe(N);
    const listed = new Set<string>();
    for (let skip = 0; skip < N; skip += 100) {
      const page = await call('GET', `/v1/agents/${agent}/sessions?skip=${skip}&take=100`);
      for (const s of page.json.items as Array<{ id: string; status: string }>) {
        listed.add(s.id);
        expect(s.status).toBe('Completed');
      }
    }
    expect(listed).toEqual(sessionIds);
  });
});
