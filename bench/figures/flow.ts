/**
 * Figure 2: the start-run + poll flow with schema checks and HDR recording, against a bare
 * undici loop sending the same requests unchecked, both against the reference server.
 */
import { fixedCpuUs, harnessCpuPerRequest, runHarness, startPollSuite, type HarnessOptions } from '../lib/harness.js';
import { benchFile, canPin, CLIENT_CORE, runToJson, spawnNode } from '../lib/proc.js';
import { cpuPerRequest, cpuRatio, interleave, median, ratio, type Measured } from '../lib/rounds.js';
import { CPU_NOTE } from './throughput.js';
import { startReferenceServer, type ReferenceServerInfo } from '../lib/servers.js';
import { fmtRatio, fmtRps, type BenchConfig, type FigureResult } from '../lib/figure.js';

/** Pause between poll attempts, ms: short, so the client's CPU and not the sleeps sets the pace. */
const POLL_MS = 5;

function options(c: BenchConfig, ref: ReferenceServerInfo): HarnessOptions {
  return {
    distMain: c.distMain,
    tmp: c.tmp,
    args: ['--base-url', ref.url, ...(c.cli.workers ? ['--workers', '1'] : [])],
    env: { PHRONY_API_KEY: ref.key, AGENT_ID: ref.agentId },
    timeoutMs: c.roundSeconds * 1000 + 60_000,
  };
}

async function ours(c: BenchConfig, ref: ReferenceServerInfo, fixedUs: number): Promise<Measured> {
  const run = await runHarness('flow', startPollSuite(c.connections, c.roundSeconds, POLL_MS), options(c, ref));
  const failed = run.report.totals.checks.failed;
  if (failed > 0) throw new Error(`flow run had ${failed} failed checks: ${JSON.stringify(run.report.failures.slice(0, 2))}`);
  return { value: run.rps, cpuPerRequestUs: harnessCpuPerRequest(run, fixedUs) };
}

function bare(c: BenchConfig, ref: ReferenceServerInfo): Promise<Measured> {
  const s = spawnNode(benchFile('children/undici-loop.ts'), ['flow', ref.url, ref.key, ref.agentId, String(c.connections), String(c.roundSeconds), String(POLL_MS)], { core: CLIENT_CORE });
  return runToJson<{ rps: number; requests: number; cpuUs: number }>(s, c.roundSeconds * 1000 + 60_000)
    .then((r) => ({ value: r.rps, cpuPerRequestUs: r.cpuUs / Math.max(1, r.requests) }));
}

export async function figure2(c: BenchConfig): Promise<FigureResult> {
  const ref = await startReferenceServer(c.distMain);
  try {
    const fixedUs = await fixedCpuUs(startPollSuite(1, 0, POLL_MS), options(c, ref));
    const r = await interleave({ 'ours: start + poll': () => ours(c, ref, fixedUs), 'bare undici': () => bare(c, ref) }, c.rounds, c.log);
    const x = ratio(r, 'ours: start + poll', 'bare undici');
    return {
      id: 2,
      title: 'Flow mode: start-run + poll',
      meaning: 'The cost of everything the harness does per exchange in a real flow: templates, captures, JSON parsing, JSON Schema validation of every response (start-run, run), the poll condition, HDR recording per step, per flow and per interval. Both sides send the same requests (POST start-run, then GET the run every 5 ms until it is terminal); the bare loop parses the JSON only to read runId and status. Requests per second, ours / bare.',
      setup: `${ref.label} with runs that complete in a few ms${canPin ? ', pinned to core 1; clients pinned to core 0' : ', unpinned'}; ${c.connections} VUs / loops; ${c.rounds} interleaved rounds of ${c.roundSeconds} s`,
      rows: [
        { label: 'start + poll with checks / bare undici', measured: fmtRatio(x), goal: '≥ 0.80×', met: x >= 0.8 },
        { label: 'median req/s: ours · bare undici', measured: [median(r.values['ours: start + poll'] ?? []), median(r.values['bare undici'] ?? [])].map(fmtRps).join(' · ') },
        { label: 'CPU efficiency (bare CPU per request / ours) · client CPU µs per request: ours · bare', measured: `${fmtRatio(cpuRatio(r, 'ours: start + poll', 'bare undici'))} · ${cpuPerRequest(r, 'ours: start + poll').toFixed(1)} · ${cpuPerRequest(r, 'bare undici').toFixed(1)}` },
      ],
      notes: [CPU_NOTE],
    };
  } finally {
    await ref.stop();
  }
}
