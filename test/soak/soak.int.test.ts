/**
 * Soak of the reference server (issue 7): sustained mixed traffic (start + poll, start +
 * stream, upload + start with the file + poll) through our own runner against the server in a
 * child process with a 1 s retention TTL. Proves: no run lost (every started run was observed
 * reaching Completed), every session evicted afterwards, the server's heap and Buffers back near
 * their baseline, and its file descriptors back to baseline.
 *
 * Length: PHRONY_SOAK_SECONDS (default 8 s, so `npm test` stays short). The long figures in
 * test/RELIABILITY.md were measured by hand with a larger value.
 */
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { validateReport } from '../../src/report/read.js';
import { runSuite } from '../../src/runner/run.js';
import { loadSuite, tempDir, writeSuite } from '../e2e/helpers.js';
import { startServerProcess, type Measurement, type ServerProcess } from './server-process.js';

const SOAK_SECONDS = Number(process.env['PHRONY_SOAK_SECONDS'] ?? '8');
const VUS = Number(process.env['PHRONY_SOAK_VUS'] ?? '8');
const MIB = 2 ** 20;

let server: ServerProcess;
let tmp: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  server = await startServerProcess(1);
  tmp = await tempDir();
});
afterAll(async () => {
  await server?.close();
  await tmp?.remove();
});

function suiteYaml(seconds: number, vus: number): string {
  const poll = (step: string) => `      - name: ${step}
        poll:
          request: { method: GET, path: "/v1/runs/\${{ runId }}" }
          until: { path: /status, oneOf: [Completed, Failed] }
          interval: 25ms
          timeout: 10s
        expect: { body: [{ path: /status, equals: Completed }] }
`;
  return `name: soak
target: { timeout: 10s }
variables:
  apiKey: \${{ env.PHRONY_API_KEY }}
  agentId: \${{ env.AGENT_ID }}
  fileAgentId: \${{ env.PHRONY_FILE_AGENT_ID }}
load: { vus: ${vus}, duration: ${seconds}s }
flows:
  - name: start_poll
    weight: 2
    steps:
      - name: start
        request: { method: POST, path: "/v1/agents/\${{ agentId }}/runs", json: { input: { soak: true } } }
        expect: { status: 202 }
        capture: { runId: /runId }
${poll('poll')}  - name: stream
    steps:
      - name: start_streamed
        request: { method: POST, path: "/v1/agents/\${{ agentId }}/runs", json: { input: {} } }
        expect: { status: 202 }
        capture: { runId: /runId }
      - name: follow
        stream: { runId: "\${{ runId }}", until: engine.session.completed, timeout: 10s }
  - name: upload
    steps:
      - name: up
        upload: { generate: { size: 64KiB, pattern: random }, filename: soak.pdf, mediaType: application/pdf, as: doc }
      - name: start_file
        request: { method: POST, path: "/v1/agents/\${{ fileAgentId }}/runs", json: { input: { document: "\${{ doc.fileRef }}" } } }
        expect: { status: 202 }
        capture: { runId: /runId }
${poll('poll_file')}`;
}

async function runLoad(name: string, seconds: number, vus: number): Promise<Report> {
  const suite = await loadSuite(await writeSuite(tmp.path, name, suiteYaml(seconds, vus)));
  const { ready } = server;
  const env = {
    PHRONY_API_KEY: ready.keys['main'] ?? '',
    AGENT_ID: ready.agents['complete'] ?? '',
    PHRONY_FILE_AGENT_ID: ready.agents['file'] ?? '',
  };
  const { report } = await runSuite({ suite, baseUrl: ready.baseUrl, env, cwd: tmp.path, outDir: join(tmp.path, `out-${name}`), signal: new AbortController().signal });
  return report;
}

/** Sessions the server still holds for `agent` (public view: the sessions list total). */
async function sessionsHeld(agent: string): Promise<number> {
  const res = await request(`${server.ready.baseUrl}/v1/agents/${agent}/sessions?take=1`, { headers: { 'x-api-key': server.ready.keys['main'] ?? '' } });
  const body = (await res.body.json()) as { total?: number };
  return body.total ?? -1;
}

/** Waits until the server holds no session (TTL 1 s, swept every second), bounded. */
async function waitForEviction(timeoutMs: number): Promise<number> {
  const started = Date.now();
  const agents = [server.ready.agents['complete'] ?? '', server.ready.agents['file'] ?? ''];
  for (;;) {
    const held = (await Promise.all(agents.map(sessionsHeld))).reduce((a, b) => a + b, 0);
    if (held === 0 || Date.now() - started > timeoutMs) return held;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Measures until the fd count is back at `fds` (sockets close asynchronously), bounded. */
async function settle(fds: number, timeoutMs: number): Promise<Measurement> {
  const started = Date.now();
  for (;;) {
    const m = await server.measure();
    if (m.fds <= fds || Date.now() - started > timeoutMs) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const mib = (n: number): string => `${(n / MIB).toFixed(1)} MiB`;

describe(`reference server soak (${SOAK_SECONDS} s, ${VUS} VUs)`, () => {
  it('loses no run, evicts every session, and returns to its memory and fd baseline', async () => {
    // Warm-up: code paths compiled and pools created before the baseline is taken.
    await runLoad('warmup', 1, 4);
    expect(await waitForEviction(5000)).toBe(0);
    const baseline = await server.measure();

    const started = Date.now();
    const mid = new Promise<Measurement>((resolve) => setTimeout(() => resolve(server.measure()), (SOAK_SECONDS * 1000) / 2));
    const report = await runLoad('soak', SOAK_SECONDS, VUS);
    const during = await mid;
    const elapsed = (Date.now() - started) / 1000;

    // No run lost: every iteration's run was started (202) and seen Completed, by poll or stream.
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual([]);
    expect(report.failures).toEqual([]);
    expect(report.totals.errors).toEqual({});
    const flows = Object.fromEntries(report.flows.map((f) => [f.name, f]));
    for (const name of ['start_poll', 'stream', 'upload']) {
      expect(flows[name]?.iterations, name).toBeGreaterThan(5);
      expect(flows[name]?.passed, name).toBe(flows[name]?.iterations);
    }
    const runs = report.flows.reduce((n, f) => n + f.iterations, 0);

    expect(await waitForEviction(6000)).toBe(0);
    const after = await settle(baseline.fds, 3000);
    const figures = {
      seconds: Number(elapsed.toFixed(1)), vus: VUS, runs, requests: report.totals.requests,
      reqPerSec: Math.round(report.totals.requests / elapsed),
      heap: `${mib(baseline.heapUsed)} → ${mib(during.heapUsed)} (mid-soak) → ${mib(after.heapUsed)}`,
      buffers: `${mib(baseline.external)} → ${mib(during.external)} → ${mib(after.external)}`,
      rss: `${mib(baseline.rss)} → ${mib(during.rss)} → ${mib(after.rss)}`,
      fds: `${baseline.fds} → ${during.fds} → ${after.fds}`,
    };
    if (process.env['PHRONY_SOAK_FIGURES'] === '1') process.stdout.write(`soak figures ${JSON.stringify(figures, null, 2)}\n`);
    expect(after.fds, JSON.stringify(figures)).toBeLessThanOrEqual(baseline.fds);
    // Back near the baseline: what is left is caches and compiled code, not sessions or bytes.
    expect(after.heapUsed - baseline.heapUsed, JSON.stringify(figures)).toBeLessThan(4 * MIB);
    expect(after.external - baseline.external, JSON.stringify(figures)).toBeLessThan(2 * MIB);
  }, (SOAK_SECONDS + 40) * 1000);
});
