/**
 * `compare` end to end: the same suite run against the reference server with the same injected
 * latency twice compares clean (exit 0); a run with a known injected slowdown on one route
 * regresses (exit 4) and the output names the slowed step. The injected latency is fixed and
 * dominates every measured figure, so a noisy machine does not decide the outcome; the open
 * model keeps the request rate independent of latency.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as compare } from '../../src/cli/commands/compare.js';
import type { ReferenceServer } from '../../src/reference-server/index.js';
import { fakeIo, runYaml, startTarget, tempDir, VARIABLES } from './helpers.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let target: ReferenceServer;

beforeAll(async () => {
  tmp = await tempDir();
  target = await startTarget();
});
afterAll(async () => {
  await target?.close();
  await tmp?.remove();
});

/** 2 s at 150 flows/s: 300 flows, 600 requests per run. */
const SUITE = `name: compare-slowdown
${VARIABLES}load: { model: open, phases: [{ duration: 2s, rate: 150 }], maxInFlight: 500 }
flows:
  - name: read
    steps:
      - name: start_run
        request:
          method: POST
          path: /v1/agents/\${{ agentId }}/runs
          json: { input: { message: compare } }
        expect: { status: 202 }
        capture: { runId: /runId }
      - name: get_run
        request: { method: GET, path: "/v1/runs/\${{ runId }}" }
        expect: { status: 200 }
`;

/**
 * Wider than the defaults because this machine is shared: two identical runs must not differ by
 * more than this, while the injected slowdown (20 → 60 ms, +200 %) is far beyond it.
 */
const TOLERANCE = 'p50=50%,p95=75%,p99=150%,rps=25%';

const ALL_ROUTES_20MS = { latency: { fixedMs: 20 } };
/** start_run unchanged (no added latency: it gets faster, never a regression), get_run 60 ms. */
const RUNS_60MS = { latency: { fixedMs: 60 }, routes: ['/v1/runs/*'], methods: ['GET'] };

async function runWith(name: string, faults: Parameters<ReferenceServer['setFaults']>[0]): Promise<string> {
  target.setFaults(faults);
  const { report, dir } = await runYaml(target, tmp.path, name, SUITE);
  expect(report.totals.requests).toBeGreaterThanOrEqual(500);
  expect(report.totals.checks.failed).toBe(0);
  return join(dir, 'report.json');
}

async function compareExit(baseline: string, current: string): Promise<{ code: number; out: string }> {
  const io = fakeIo(tmp.path);
  const code = await compare([baseline, current, '--tolerance', TOLERANCE], io.io);
  return { code, out: io.stdout() + io.stderr() };
}

describe('compare end to end against the reference server', () => {
  it('passes two runs of one configuration and names the step an injected slowdown regressed', async () => {
    const baseline = await runWith('baseline', ALL_ROUTES_20MS);
    const same = await runWith('same', ALL_ROUTES_20MS);
    const slow = await runWith('slow', RUNS_60MS);
    target.setFaults({});

    const clean = await compareExit(baseline, same);
    expect(clean.out).toContain('NO REGRESSION');
    expect(clean.code, clean.out).toBe(0);

    const regressed = await compareExit(baseline, slow);
    expect(regressed.code, regressed.out).toBe(4);
    expect(regressed.out).toMatch(/read \/ get_run p(50|95|99) \+\d/);
    expect(regressed.out).not.toMatch(/read \/ start_run p(50|95|99) \+/);
  }, 20_000);
});
