/**
 * Figure 1 (raw throughput on one worker) and figure 5 (`--workers 2` against `--workers 1`),
 * both against the fixed-response server.
 */
import { blastSuite, fixedCpuUs, harnessCpuPerRequest, plainGetSuite, runHarness } from '../lib/harness.js';
import { benchFile, CLIENT_CORE, canPin, runToJson, spawnNode } from '../lib/proc.js';
import { cpuPerRequest, cpuRatio, interleave, median, ratio, type Measured } from '../lib/rounds.js';
import { startFixedServer, type RunningServer } from '../lib/servers.js';
import { fmtRatio, fmtRps, type BenchConfig, type FigureResult } from '../lib/figure.js';

interface ChildFigures {
  rps: number;
  requests: number;
  cpuUs: number;
}

function measured(r: ChildFigures): Measured {
  return { value: r.rps, cpuPerRequestUs: r.cpuUs / Math.max(1, r.requests) };
}

function autocannonRps(c: BenchConfig, url: string): Promise<Measured> {
  const s = spawnNode(benchFile('children/autocannon.ts'), [`${url}/ok`, String(c.connections), String(c.roundSeconds)], { core: CLIENT_CORE });
  return runToJson<ChildFigures>(s, c.roundSeconds * 1000 + 20_000).then(measured);
}

function undiciRps(c: BenchConfig, url: string): Promise<Measured> {
  const s = spawnNode(benchFile('children/undici-loop.ts'), ['get', url, String(c.connections), String(c.roundSeconds)], { core: CLIENT_CORE });
  return runToJson<ChildFigures>(s, c.roundSeconds * 1000 + 20_000).then(measured);
}

/** How to read the CPU rows; shared with figure 2. */
export const CPU_NOTE = 'CPU rows: client CPU time per request (user + system, all threads), our CLI\'s fixed cost (start-up, report writing; the median of three one-iteration runs) taken off. Time other processes take is not counted, so these rows move far less than req/s on a busy machine; with the client core saturated on a quiet machine, the throughput ratio tends to the CPU-efficiency ratio.';

function workersArgs(c: BenchConfig, n: number): string[] {
  return c.cli.workers ? ['--workers', String(n)] : [];
}

function harnessOptions(c: BenchConfig, url: string, workers: number, pin = true) {
  return { distMain: c.distMain, tmp: c.tmp, args: ['--base-url', url, ...workersArgs(c, workers)], pin, timeoutMs: c.roundSeconds * 1000 + 30_000 };
}

async function plainRps(c: BenchConfig, url: string, workers: number, pin: boolean, fixedUs: number): Promise<Measured> {
  const run = await runHarness('plain', plainGetSuite(c.connections, c.roundSeconds), harnessOptions(c, url, workers, pin));
  if (run.report.totals.checks.failed > 0) throw new Error(`plain GET run had ${run.report.totals.checks.failed} failed checks`);
  return { value: run.rps, cpuPerRequestUs: harnessCpuPerRequest(run, fixedUs) };
}

async function blastRps(c: BenchConfig, url: string, fixedUs: number): Promise<Measured> {
  const run = await runHarness('blast', blastSuite(c.connections, c.roundSeconds), harnessOptions(c, url, 1));
  const rps = run.report.flows[0]?.steps[0]?.histograms['rps']?.max;
  if (rps === undefined || rps === 0) throw new Error('blast run recorded no rps');
  return { value: rps, cpuPerRequestUs: harnessCpuPerRequest(run, fixedUs) };
}

function pinning(server: RunningServer): string {
  return canPin
    ? `${server.label} pinned to core 1 (taskset -c 1); every client pinned to core 0 (taskset -c 0)`
    : `${server.label}; unpinned (no taskset on this machine)`;
}

export async function figure1(c: BenchConfig): Promise<FigureResult> {
  const server = await startFixedServer();
  try {
    const fixedUs = await fixedCpuUs(plainGetSuite(1, 0), harnessOptions(c, server.url, 1));
    c.log(`  CLI fixed cost (start-up, report): ${(fixedUs / 1000).toFixed(0)} ms CPU`);
    // Both of ours run right next to autocannon, the reference they are divided by: the
    // machine's speed drifts over seconds, and a ratio of neighbours sees the least of it.
    const r = await interleave({
      'ours: plain GET': () => plainRps(c, server.url, 1, true, fixedUs),
      autocannon: () => autocannonRps(c, server.url),
      'ours: blast': () => blastRps(c, server.url, fixedUs),
      'bare undici': () => undiciRps(c, server.url),
    }, c.rounds, c.log);
    const cpu = (name: string): string => cpuPerRequest(r, name).toFixed(1);
    const plainVsAc = ratio(r, 'ours: plain GET', 'autocannon');
    const blastVsAc = ratio(r, 'ours: blast', 'autocannon');
    const med = (name: string): number => median(r.values[name] ?? []);
    return {
      id: 1,
      title: 'Raw throughput on one worker',
      meaning: 'How close the harness gets to dedicated load generators on the same connection count. "Plain GET" is the full closed-model runner (one request step with a status check, HDR recording, per-interval series, live stats) on one worker; "blast" is the blast step (autocannon driven by the harness, every response recorded into our HDR histograms). Both against autocannon alone and a bare undici Pool loop that checks and records nothing.',
      setup: `${pinning(server)}; ${c.connections} connections / VUs; ${c.rounds} interleaved rounds of ${c.roundSeconds} s; ${c.cli.workers ? '--workers 1' : 'single process (no --workers flag in this build)'}`,
      rows: [
        { label: 'plain GET / autocannon', measured: fmtRatio(plainVsAc), goal: '≥ 0.90×', met: plainVsAc >= 0.9 },
        { label: 'plain GET / bare undici', measured: fmtRatio(ratio(r, 'ours: plain GET', 'bare undici')) },
        { label: 'blast / autocannon', measured: fmtRatio(blastVsAc), goal: '≥ 0.95×', met: blastVsAc >= 0.95 },
        { label: 'median req/s: plain GET · blast · autocannon · bare undici', measured: ['ours: plain GET', 'ours: blast', 'autocannon', 'bare undici'].map((n) => fmtRps(med(n))).join(' · ') },
        { label: 'CPU efficiency (reference CPU per request / ours): plain GET vs autocannon · vs bare undici · blast vs autocannon', measured: [cpuRatio(r, 'ours: plain GET', 'autocannon'), cpuRatio(r, 'ours: plain GET', 'bare undici'), cpuRatio(r, 'ours: blast', 'autocannon')].map(fmtRatio).join(' · ') },
        { label: 'client CPU µs per request: plain GET · blast · autocannon · bare undici', measured: ['ours: plain GET', 'ours: blast', 'autocannon', 'bare undici'].map(cpu).join(' · ') },
      ],
      notes: [CPU_NOTE],
    };
  } finally {
    await server.stop();
  }
}

export async function figure5(c: BenchConfig): Promise<FigureResult> {
  const base = {
    id: 5,
    title: 'Workers: --workers 2 against --workers 1',
    meaning: 'Throughput of the same plain-GET run (figure 1) with two worker threads against one. On this 2-core machine the server shares the cores with the client, so the figure shows what a second worker buys when the cores are already busy; the goal on machines with spare cores is linear scaling.',
    notes: [] as string[],
  };
  if (!c.cli.workers) {
    return { ...base, setup: '', rows: [], notMeasured: 'not measured: --workers is not available in this build' };
  }
  const server = await startFixedServer();
  try {
    const fixedUs = await fixedCpuUs(plainGetSuite(1, 0), harnessOptions(c, server.url, 1, false));
    const r = await interleave({
      'workers 2': () => plainRps(c, server.url, 2, false, fixedUs),
      'workers 1': () => plainRps(c, server.url, 1, false, fixedUs),
    }, c.rounds, c.log);
    return {
      ...base,
      setup: `${server.label}${canPin ? ' pinned to core 1' : ''}; the harness unpinned (two workers need two cores); ${c.connections} VUs; ${c.rounds} interleaved rounds of ${c.roundSeconds} s`,
      rows: [
        { label: 'workers 2 / workers 1', measured: fmtRatio(ratio(r, 'workers 2', 'workers 1')), goal: 'reported (linear on bigger machines)' },
        { label: 'median req/s: workers 1 · workers 2', measured: [median(r.values['workers 1'] ?? []), median(r.values['workers 2'] ?? [])].map(fmtRps).join(' · ') },
      ],
    };
  } finally {
    await server.stop();
  }
}
