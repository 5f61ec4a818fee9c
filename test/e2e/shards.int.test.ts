/**
 * Shards as separate processes (`node dist/cli/main.js run --shard i/N`) against one reference
 * server, then `merge`: the merged histograms are exactly those of the combined samples.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeEncoded, summarizeEncoded } from '../../src/metrics/histogram.js';
import type { ReferenceServer } from '../../src/reference-server/index.js';
import type { HistogramSummary, Report } from '../../src/report/model.js';
import { CLI, ensureBuilt } from './dist.js';
import { startTarget, tempDir, writeSuite } from './helpers.js';

let server: ReferenceServer;
let tmp: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  await ensureBuilt();
  server = await startTarget();
  tmp = await tempDir();
}, 60_000);
afterAll(async () => {
  await server?.close();
  await tmp?.remove();
});

const SUITE = `name: sharded
variables:
  apiKey: \${{ env.PHRONY_API_KEY }}
  agentId: \${{ env.AGENT_ID }}
  take: "1"
load: { vus: 4, iterations: 40 }
thresholds:
  http.errors: rate < 1%
  step.start_run.latency: p(99) < 5s
flows:
  - name: start_and_read
    weight: 3
    steps:
      - name: start_run
        request: { method: POST, path: "/v1/agents/\${{ agentId }}/runs", json: { input: { vu: "\${{ vu }}" } } }
        expect: { status: 202 }
        capture: { runId: /runId }
      - name: read_run
        request: { method: GET, path: "/v1/runs/\${{ runId }}" }
        expect: { status: 200 }
  - name: list
    steps:
      - name: list_sessions
        request: { method: GET, path: "/v1/agents/\${{ agentId }}/sessions", query: { take: "\${{ take }}" } }
        expect: { status: 200 }
`;

interface Exit {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[]): Promise<Exit> {
  // A clean environment: nothing but what the flags say reaches the shard.
  const env = { PATH: process.env['PATH'] ?? '' };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env, timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function shardArgs(file: string, i: number, out: string, extra: string[]): string[] {
  return [
    'run', file, '--quiet', '--shard', `${i}/2`, '--out', out,
    '--base-url', server.baseUrl, '--api-key', server.keys.main, '--agent-id', server.agents.complete, '--var', 'take=2',
    ...extra,
  ];
}

async function readReportJson(dir: string): Promise<Report> {
  return JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
}

/** The merged summary equals the summary of the shards' encoded histograms added together. */
function expectExactMerge(merged: HistogramSummary | undefined, parts: Array<HistogramSummary | undefined>): void {
  const expected = summarizeEncoded(mergeEncoded(parts.map((p) => p?.encoded ?? '')), 'us');
  const { encoded: _m, ...m } = merged ?? expected;
  const { encoded: _e, ...e } = expected;
  expect(m).toEqual(e);
  expect(merged?.count).toBe(parts.reduce((n, p) => n + (p?.count ?? 0), 0));
}

async function runShards(name: string, extra: string[]): Promise<{ file: string; reports: Report[]; dirs: string[] }> {
  const file = await writeSuite(tmp.path, name, SUITE);
  const dirs = [1, 2].map((i) => join(tmp.path, `${name}-shard-${i}`));
  const exits = await Promise.all([1, 2].map((i) => cli(shardArgs(file, i, dirs[i - 1] as string, extra))));
  for (const e of exits) expect(e.stderr).not.toContain(server.keys.main);
  expect(exits.map((e) => e.code)).toEqual([0, 0]);
  return { file, reports: await Promise.all(dirs.map(readReportJson)), dirs };
}

describe('shards', () => {
  it('two shard processes started together, merged exactly', async () => {
    // Far enough ahead for both processes to be up even on a busy machine.
    const startAt = Date.now() + 3000;
    const { file, reports, dirs } = await runShards('closed', ['--workers', '1', '--start-at', String(startAt)]);
    const [a, b] = reports as [Report, Report];
    expect(a.run.shard).toEqual({ index: 1, count: 2 });
    expect(b.run.shard).toEqual({ index: 2, count: 2 });
    for (const r of reports) expect(Date.parse(r.run.startedAt)).toBe(startAt);
    expect([a.totals.iterations, b.totals.iterations]).toEqual([20, 20]);

    const out = join(tmp.path, 'closed-merged');
    const merge = await cli(['merge', join(dirs[0] as string, 'report.json'), join(dirs[1] as string, 'report.json'), '--out', out, '--suite', file]);
    expect(merge.code).toBe(0);
    expect(merge.stdout).toContain('merged 2 reports');
    const m = await readReportJson(out);
    expect(m.run.mergedFrom).toBe(2);
    expect(m.totals.iterations).toBe(40);
    expect(m.totals.requests).toBe(a.totals.requests + b.totals.requests);
    expect(m.totals.checks.passed).toBe(a.totals.checks.passed + b.totals.checks.passed);
    expectExactMerge(m.totals.latency, [a.totals.latency, b.totals.latency]);
    for (const f of m.flows) {
      const parts = reports.map((r) => r.flows.find((x) => x.name === f.name));
      expect(f.iterations).toBe(parts.reduce((n, p) => n + (p?.iterations ?? 0), 0));
      expectExactMerge(f.duration, parts.map((p) => p?.duration));
      for (const s of f.steps) {
        const stepParts = parts.map((p) => p?.steps.find((x) => x.name === s.name)?.histograms['latency']);
        expectExactMerge(s.histograms['latency'], stepParts);
      }
    }
    // Re-evaluated on the merged data, not carried over from a shard.
    expect(m.thresholds.map((t) => t.fromShard)).toEqual([undefined, undefined]);
    expect(m.thresholds.every((t) => t.passed)).toBe(true);
  });

  it('open-model shards with workers: the arrivals of one schedule, split, merged', async () => {
    const { dirs, reports } = await runShards('open', ['--workers', '2', '--rate', '40', '--duration', '1s']);
    for (const r of reports) {
      expect(r.run.workers).toBe(2);
      expect(r.totals.iterations + r.totals.dropped).toBe(20);
      expect(r.flows.find((f) => f.name === 'start_and_read')?.durationUncorrected?.count).toBeGreaterThan(0);
    }
    const out = join(tmp.path, 'open-merged');
    const merge = await cli(['merge', ...dirs.map((d) => join(d, 'report.json')), '--out', out]);
    expect(merge.code).toBe(0);
    const m = await readReportJson(out);
    expect(m.totals.iterations + m.totals.dropped).toBe(40);
    expect(m.flows.find((f) => f.name === 'start_and_read')?.iterations).toBe(30);
    const parts = reports.map((r) => r.flows.find((f) => f.name === 'start_and_read')?.durationUncorrected);
    expectExactMerge(m.flows.find((f) => f.name === 'start_and_read')?.durationUncorrected, parts);
    expect(m.thresholds.every((t) => t.fromShard !== undefined)).toBe(true);
  });

  it('refuses a start more than 10 minutes away and a shard count beyond the virtual users', async () => {
    const file = await writeSuite(tmp.path, 'refuse', SUITE);
    const far = await cli(shardArgs(file, 1, join(tmp.path, 'never'), ['--start-at', new Date(Date.now() + 3_600_000).toISOString()]));
    expect(far.code).toBe(2);
    expect(far.stderr).toContain('at most 10 min ahead');
    const many = await cli(['run', file, '--quiet', '--shard', '3/5', '--base-url', server.baseUrl]);
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('5 shards cannot split 4 virtual users');
  });
});
