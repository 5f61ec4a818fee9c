import { describe, expect, it } from 'vitest';
import { startReferenceServer } from './index.js';
import { TestClient, isTerminal } from './testing.js';

describe('bounded retention', () => {
  it('count cap: the oldest terminal sessions are evicted, live ones are kept', async () => {
    const s = await startReferenceServer({ config: { retention: { maxSessions: 3 }, agents: { complete: { delayMs: 10 } } } });
    try {
      const c = new TestClient(s);
      const waiting = (await c.startRun(s.agents.hitl)).json.runId as string;
      const done: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const { runId } = (await c.startRun(s.agents.complete)).json;
        await c.waitFor(runId, isTerminal);
        done.push(runId);
      }
      expect((await c.get(`/v1/runs/${waiting}`)).status).toBe(200);
      expect((await c.get(`/v1/runs/${done[0]}`)).status).toBe(404);
      expect((await c.get(`/v1/runs/${done[4]}`)).status).toBe(200);
      expect((await c.get(`/v1/agents/${s.agents.complete}/sessions`)).json.total).toBe(2);
    } finally {
      await s.close();
    }
  });

  it('TTL: terminal sessions disappear ttlSeconds after they finish', async () => {
    const s = await startReferenceServer({ config: { retention: { ttlSeconds: 1 }, agents: { complete: { delayMs: 10 } } } });
    try {
      const c = new TestClient(s);
      const { runId } = (await c.startRun(s.agents.complete)).json;
      await c.waitFor(runId, isTerminal);
      const deadline = Date.now() + 4_000;
      let status = 200;
      while (status === 200 && Date.now() < deadline) {
        await new Promise((done) => setTimeout(done, 200));
        status = (await c.get(`/v1/runs/${runId}`)).status;
      }
      expect(status).toBe(404);
      expect((await c.get(`/v1/agents/${s.agents.complete}/sessions`)).json.total).toBe(0);
    } finally {
      await s.close();
    }
  });
});

describe('file retention', () => {
  it('finalized files are forgotten ttlSeconds after finalize, and their bytes no longer count toward the cap', async () => {
    const s = await startReferenceServer({ config: { retention: { ttlSeconds: 1 }, files: { maxTotalBytes: 6000 } } });
    try {
      const c = new TestClient(s);
      const upload = async (): Promise<{ leaf: string; put: number }> => {
        const p = (await c.post('/v1/file-library/presign', { filename: 'a.pdf', mediaType: 'application/pdf', maxContentLength: 4000 })).json;
        const res = await fetch(p.uploadUrl, { method: 'PUT', headers: p.requiredHeaders, body: new Uint8Array(4000), signal: AbortSignal.timeout(5_000) });
        if (res.status === 200) expect((await c.post('/v1/file-library/finalize', { objectKey: p.objectKey, maxContentLength: 4000 })).status).toBe(200);
        return { leaf: (p.objectKey as string).split('/').pop() as string, put: res.status };
      };
      const first = await upload();
      expect(first.put).toBe(200);
      // The cap holds one file: a second upload is refused while the first is retained.
      expect((await upload()).put).toBe(507);
      const ref = { phronyFile: true, filename: first.leaf, mediaType: 'application/pdf' };
      expect((await c.startRun(s.agents.file, { document: ref })).status).toBe(202);
      const deadline = Date.now() + 4_000;
      let status = 202;
      while (status === 202 && Date.now() < deadline) {
        await new Promise((done) => setTimeout(done, 200));
        status = (await c.startRun(s.agents.file, { document: ref })).status;
      }
      expect(status).toBe(400);
      expect((await upload()).put).toBe(200);
    } finally {
      await s.close();
    }
  });
});
