/**
 * Load worker threads (run from the TypeScript sources through the tsx bootstrap): the same
 * totals as one thread, the open model's arrivals split exactly, abortOnFail and interrupts
 * reach every worker, and a crashing worker ends the run with a clear message instead of a hang.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/run.js';
import type { Report } from '../../src/report/model.js';
import { renderConsoleSummary } from '../../src/report/console.js';
import { runSuite } from '../../src/runner/run.js';
import { startWorkerExecution } from '../../src/runner/worker-execution.js';
import { fakeIo, loadSuite, targetEnv, useTarget, VARIABLES, writeSuite } from './helpers.js';

const target = useTarget();
afterEach(() => target.server.setFaults({}));

const suite = (name: string, load: string, extra = '') => `name: ${name}
${VARIABLES}load: ${load}
${extra}flows:
  - name: reads
    weight: 2
    steps:
      - name: read_sessions
        request: { method: GET, path: "/v1/agents/\${{ agentId }}/sessions", query: { take: 1 } }
        expect: { status: 200 }
  - name: starts
    steps:
      - name: start_run
        request: { method: POST, path: "/v1/agents/\${{ agentId }}/runs", json: { input: {} } }
        expect: { status: 202 }
`;

async function run(name: string, yaml: string, args: string[], abortAfterMs?: number) {
  const file = await writeSuite(target.tmp.path, name, yaml);
  const out = join(target.tmp.path, `out-${name}-${args.join('_').replace(/[^a-z0-9]+/gi, '')}`);
  const fake = fakeIo(target.tmp.path, targetEnv(target.server));
  if (abortAfterMs !== undefined) setTimeout(() => fake.controller.abort('SIGINT'), abortAfterMs);
  const started = Date.now();
  const code = await command([file, '--quiet', '--out', out, ...args], fake.io);
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
  return { code, report, tookMs: Date.now() - started, fake };
}

describe('load workers', () => {
  it('--workers 2 gives the totals of --workers 1 for a fixed iteration count', async () => {
    const yaml = suite('fixed', '{ vus: 4, iterations: 30 }');
    const one = await run('fixed', yaml, ['--workers', '1']);
    const two = await run('fixed', yaml, ['--workers', '2']);
    expect([one.code, two.code]).toEqual([0, 0]);
    expect([one.report.run.workers, two.report.run.workers]).toEqual([1, 2]);
    expect(two.report.totals.iterations).toBe(30);
    expect(two.report.totals.requests).toBe(one.report.totals.requests);
    expect(two.report.totals.checks).toEqual(one.report.totals.checks);
    expect(two.report.flows.map((f) => f.name)).toEqual(['reads', 'starts']);
    expect(two.report.flows.reduce((n, f) => n + f.duration.count, 0)).toBe(30);
    expect(two.report.target.fingerprint.host).toBe(new URL(target.server.baseUrl).host);
  });

  it('open model on two workers: the planned arrivals, started or dropped', async () => {
    const { code, report } = await run('open', suite('open', '{ model: open, phases: [{ duration: 1500ms, rate: 40 }], maxInFlight: 50 }'), ['--workers', '2']);
    expect(code).toBe(0);
    expect(report.run.workers).toBe(2);
    expect(report.totals.iterations + report.totals.dropped).toBe(60);
    // Weighted 2:1 by the global arrival index, as one thread would pick them.
    expect(report.flows.map((f) => f.iterations + f.dropped)).toEqual([40, 20]);
    for (const f of report.flows) expect(f.durationUncorrected?.count).toBe(f.iterations);
  });

  it('abortOnFail stops an open-model run on two workers: aborted, exit 5', async () => {
    target.server.setFaults({ dropRate: 1, routes: ['/v1/agents/**'] });
    const yaml = suite('abort', '{ model: open, phases: [{ duration: 20s, rate: 20 }] }', 'thresholds:\n  http.errors: { expr: "rate < 1%", abortOnFail: true }\n');
    const { code, report, tookMs } = await run('abort', yaml, ['--workers', '2']);
    expect(code).toBe(5);
    expect(tookMs).toBeLessThan(10_000);
    expect(report.run.status).toBe('aborted');
    expect(report.thresholds[0]).toMatchObject({ passed: false, aborted: true });
  });

  it('an interrupt reaches every worker: in-flight work cancelled, a partial report, exit 130', async () => {
    // Late enough for both workers to have started, even on a busy machine.
    const { code, report, tookMs } = await run('interrupt', suite('interrupt', '{ vus: 4, duration: 30s }'), ['--workers', '2'], 2500);
    expect(code).toBe(130);
    expect(tookMs).toBeLessThan(8000);
    expect(report.run.status).toBe('interrupted');
    expect(report.totals.requests).toBeGreaterThan(0);
  });

  it('a crashing worker aborts the run with a message naming it, without hanging', async () => {
    const loaded = await loadSuite(await writeSuite(target.tmp.path, 'crash', suite('crash', '{ vus: 2, duration: 30s }')));
    const crashes: string[] = [];
    const exec = await startWorkerExecution({
      session: { suite: loaded, baseUrl: target.server.baseUrl, env: targetEnv(target.server), vars: {}, connections: 4 },
      load: loaded.load,
      shard: { index: 0, count: 1 },
      workers: 2,
      entry: new URL('../fixtures/workers/crash-on-start.ts', import.meta.url),
      onCrash: (message) => crashes.push(message),
    });
    const started = Date.now();
    const result = await exec.run(Date.now());
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.crash).toMatch(/^load worker \d crashed: boom in the load worker$/);
    expect(crashes).toEqual([result.crash]);
    expect(result.snapshot.totals.requests).toBe(0);
  });

  it('a worker crash ends the run aborted, exit 5, with the message in the report and on the console', async () => {
    const loaded = await loadSuite(await writeSuite(target.tmp.path, 'crash-run', suite('crash-run', '{ vus: 2, duration: 30s }')));
    const { report } = await runSuite({
      suite: loaded,
      env: targetEnv(target.server),
      cwd: target.tmp.path,
      outDir: join(target.tmp.path, 'out-crash-run'),
      signal: new AbortController().signal,
      workers: 2,
      workerEntry: new URL('../fixtures/workers/crash-on-start.ts', import.meta.url),
    });
    expect(report.run).toMatchObject({ status: 'aborted', abortReason: expect.stringMatching(/^load worker \d crashed: boom in the load worker$/) });
    expect(report.verdict.exitCode).toBe(5);
    expect(renderConsoleSummary(report)).toContain('crashed: boom in the load worker');
  });
});
