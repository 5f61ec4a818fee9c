import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from './index.js';
import type { ReferenceServer } from './index.js';
import { TestClient, isTerminal } from './testing.js';

let server: ReferenceServer;
let c: TestClient;
let runId: string;

beforeAll(async () => {
  server = await startReferenceServer();
  c = new TestClient(server);
  runId = (await c.startRun(server.agents.complete)).json.runId;
  await c.waitFor(runId, isTerminal);
});
afterEach(() => server.setFaults({}));
afterAll(() => server.close());

const poll = (): Promise<Response> =>
  fetch(`${server.baseUrl}/v1/runs/${runId}`, { headers: { 'x-api-key': server.keys.main }, signal: AbortSignal.timeout(2_000) });

describe('fault injection', () => {
  it('errorRate 1 on matching routes only: 503 JSON there, normal elsewhere', async () => {
    server.setFaults({ errorRate: 1, routes: ['/v1/runs/*'] });
    const r = await c.get(`/v1/runs/${runId}`);
    expect(r.status).toBe(503);
    expect(r.json).toEqual({ statusCode: 503, message: 'Injected fault', error: 'Service Unavailable' });
    expect((await c.get(`/v1/runs/${runId}/conversation`)).status).toBe(200);
    expect((await c.startRun(server.agents.complete)).status).toBe(202);
  });

  it('errorRate 0.5 (seeded) fails about half; methods filter spares other methods', async () => {
    server.setFaults({ errorRate: 0.5, errorStatus: 500, seed: 42, methods: ['GET'] });
    let failed = 0;
    for (let i = 0; i < 200; i += 1) if ((await c.get(`/v1/runs/${runId}`)).status === 500) failed += 1;
    expect(failed).toBeGreaterThan(70);
    expect(failed).toBeLessThan(130);
    expect((await c.startRun(server.agents.complete)).status).toBe(202);
  });

  it('latency: fixed, uniform and normal', async () => {
    for (const latency of [{ fixedMs: 120 }, { minMs: 100, maxMs: 140 }, { meanMs: 130, stdDevMs: 5 }]) {
      server.setFaults({ latency });
      const t0 = performance.now();
      expect((await poll()).status).toBe(200);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(95);
    }
  });

  it('dropRate 1: the connection is destroyed mid-response', async () => {
    server.setFaults({ dropRate: 1 });
    await expect(poll().then((r) => r.text())).rejects.toThrow();
    server.setFaults({});
    expect((await poll()).status).toBe(200);
  });

  it('invalidJsonRate 1: 200 application/json with a body that does not parse', async () => {
    server.setFaults({ invalidJsonRate: 1 });
    const r = await poll();
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await r.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('stallRate 1: never answers; the client gives up; close() is not blocked', async () => {
    const s = await startReferenceServer({ config: { faults: { stallRate: 1 } } });
    const res = fetch(`${s.baseUrl}/v1/runs/${runId}`, { headers: { 'x-api-key': s.keys.main }, signal: AbortSignal.timeout(300) });
    await expect(res).rejects.toThrow();
    const hanging = fetch(`${s.baseUrl}/v1/runs/${runId}`, { headers: { 'x-api-key': s.keys.main } }).catch(() => 'closed');
    await new Promise((done) => setTimeout(done, 50));
    const t0 = Date.now();
    await s.close();
    expect(await hanging).toBe('closed');
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('setFaults rejects an invalid config and keeps the previous one', () => {
    expect(() => server.setFaults({ errorRate: 2 })).toThrow(/errorRate/);
    expect(() => server.setFaults({ errorRate: 0.6, dropRate: 0.6 })).toThrow(/≤ 1/);
    expect(() => server.setFaults({ latency: { minMs: 5, maxMs: 1 } })).toThrow(/minMs/);
  });
});
