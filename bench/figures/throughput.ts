/**
 * Figure 1 (raw throughput on one worker) and figure 5 (`--workers 2` against `--workers 1`),
 * both against the fixed-response server.
 */
import { blastSuite, plainGetSuite, runHarness } from '../lib/harness.js';
import { benchFile, CLIENT_CORE, canPin, runToJson, spawnNode } from '../lib/proc.js';
import { interleave, median, ratio } from '../lib/rounds.js';
import { startFixedServer, type RunningServer } from '../lib/servers.js';
import { fmtRatio, fmtRps, type BenchConfig, type FigureResult } from '../lib/figure.js';

function autocannonRps(c: BenchConfig, url: string): Promise<number> {
  const s = spawnNode(benchFile('children/autocannon.ts'), [`${url}/ok`, String(c.connections), String(c.roundSeconds)], { core: CLIENT_CORE });
  return runToJson<{ rps: number }>(s, c.roundSeconds * 1000 + 20_000).then((r) => r.rps);
}

function undiciRps(c: BenchConfig, url: string): Promise<number> {
  const s = spawnNode(benchFile('children/undici-loop.ts'), ['get', url, String(c.connections), String(c.roundSeconds)], { core: CLIENT_CORE });
  return runToJson<{ rps: number }>(s, c.roundSeconds * 1000 + 20_000).then((r) => r.rps);
}

function workersArgs(c: BenchConfig, n: number): string[] {
  return c.cli.workers ? ['--workers', String(n)] : [];
}

async function plainRps(c: BenchConfig, url: string, workers: number, pin: boolean): Promise<number> {
  const run = await runHarness('plain', plainGetSuite(c.connections, c.roundSeconds), {
    distMain: c.distMain, tmp: c.tmp, args: ['--base-url', url, ...workersArgs(c, workers)], pin, timeoutMs: c.roundSeconds * 1000 + 30_000,
  });
  if (run.report.totals.checks.failed > 0) throw new Error(`plain GET run had ${run.report.totals.checks.failed} failed checks`);
  return run.rps;
}

async function blastRps(c: BenchConfig, url: string): Promise<number> {
  const run = await runHarness('blast', blastSuite(c.connections, c.roundSeconds), {
    distMain: c.distMain, tmp: c.tmp, args: ['--base-url', url, ...workersArgs(c, 1)], timeoutMs: c.roundSeconds * 1000 + 30_000,
  });
  const rps = run.report.flows[0]?.steps[0]?.histograms['rps']?.max;
  if (rps === undefined || rps === 0) throw new Error('blast run recorded no rps');
  return rps;
}

function pinning(server: RunningServer): string {
  return canPin
    ? `${server.label} pinned to core 1 (taskset -c 1); every client pinned to core 0 (taskset -c 0)`
    : `${server.label}; unpinned (no taskset on this machine)`;
}

export async function figure1(c: BenchConfig): Promise<FigureResult> {
  const server = await startFixedServer();
  try {
    const r = await interleave({
      'ours: plain GET': () => plainRps(c, server.url, 1, true),
      autocannon: () => autocannonRps(c, server.url),
      'bare undici': () => undiciRps(c, server.url),
      'ours: blast': () => blastRps(c, server.url),
    }, c.rounds, c.log);
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
      ],
      notes: [],
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
    const r = await interleave({
      'workers 2': () => plainRps(c, server.url, 2, false),
      'workers 1': () => plainRps(c, server.url, 1, false),
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
