/**
 * The open model's measurements, in real time on loopback: latency from the intended start
 * (coordinated omission corrected) beside the uncorrected figure, and arrivals beyond
 * maxInFlight counted as dropped.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/run.js';
import type { ReferenceServer } from '../../src/reference-server/index.js';
import { runSuite } from '../../src/runner/run.js';
import { fakeIo, loadSuite, startTarget, targetEnv, tempDir, VARIABLES, writeSuite } from './helpers.js';
import { readFile } from 'node:fs/promises';
import type { Report } from '../../src/report/model.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let target: ReferenceServer;

beforeAll(async () => {
  tmp = await tempDir();
  target = await startTarget();
});
afterAll(async () => {
  await target.close();
  await tmp.remove();
});

/**
 * Answers every request at once, except that request number `stallAt` blocks the
 * thread for `stallMs`. The server shares the harness's thread (as the embedded reference
 * server does), so while it stalls no arrival can start: they start late, all at once, and
 * only a latency measured from the intended start shows the wait.
 */
function stallingServer(stallAt: number, stallMs: number): Promise<{ server: Server; url: string }> {
  let seen = 0;
  const server = createServer((req, res) => {
    seen += 1;
    if (seen === stallAt) {
      const until = Date.now() + stallMs;
      while (Date.now() < until) {
        // the stall: nothing else runs on this thread meanwhile
      }
    }
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

const PING = `name: ping
variables: { apiKey: not-a-secret-key }
load: { model: open, phases: [{ duration: 3s, rate: 100 }], maxInFlight: 1000 }
flows:
  - name: ping
    steps:
      - name: get
        request: { method: GET, path: /ping }
        expect: { status: 200 }
`;

describe('open model', () => {
  it('a one-second stall shows in the corrected p99, not in the uncorrected one', async () => {
    // 100 arrivals/s: request 100 comes about a second into the run.
    const { server, url } = await stallingServer(100, 1000);
    try {
      const suite = await loadSuite(await writeSuite(tmp.path, 'ping', PING));
      const { report } = await runSuite({ suite, baseUrl: url, env: {}, cwd: tmp.path, outDir: join(tmp.path, 'ping'), signal: new AbortController().signal, workers: 1 });
      const flow = report.flows[0];
      expect(report.totals.iterations).toBe(300);
      expect(report.totals.dropped).toBe(0);
      expect(flow?.duration.p99).toBeGreaterThanOrEqual(900_000);
      // The catch-up burst after the stall takes a moment on a busy machine, never a second.
      expect(flow?.durationUncorrected?.p99).toBeLessThan(500_000);
      expect(flow?.durationUncorrected?.count).toBe(300);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('arrivals beyond maxInFlight are dropped, counted and reported; a dropped threshold fails', async () => {
    target.setFaults({ latency: { fixedMs: 300 }, routes: ['/v1/agents/**'] });
    try {
      const yaml = `name: capped
${VARIABLES}load: { model: open, phases: [{ duration: 1s, rate: 50 }], maxInFlight: 3 }
thresholds:
  dropped: count == 0
flows:
  - name: reads
    steps:
      - name: read_sessions
        request: { method: GET, path: "/v1/agents/\${{ agentId }}/sessions", query: { take: 1 } }
        expect: { status: 200 }
`;
      const file = await writeSuite(tmp.path, 'capped', yaml);
      const out = join(tmp.path, 'capped');
      const fake = fakeIo(tmp.path, targetEnv(target));
      const code = await command([file, '--quiet', '--workers', '1', '--out', out], fake.io);
      expect(code).toBe(3);
      const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
      expect(report.totals.dropped).toBeGreaterThan(30);
      expect(report.totals.iterations + report.totals.dropped).toBe(50);
      expect(report.flows[0]?.dropped).toBe(report.totals.dropped);
      expect(report.thresholds[0]).toMatchObject({ metric: 'dropped', passed: false });
      expect(fake.stdout()).toMatch(/dropped/);
    } finally {
      target.setFaults({});
    }
  });
});
