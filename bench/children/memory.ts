/**
 * Figure 4's measurement, alone in its process (run with --expose-gc): records synthetic
 * exchanges into one recorder, 100 thousand first, then on to 10 million, and prints the RSS
 * after a full GC at both points.
 *
 * Spread like a real run: 2 flows × 3 steps (request, poll and upload-like steps), latencies
 * from ~200 µs to ~2 s (log-uniform, so every histogram sees hundreds of distinct buckets), 1 %
 * 5xx, 0.1 % transport errors, per-flow outcomes, and all of it over the same 10 minutes of run
 * time in both phases — so the interval series hold the same number of buckets and the figure
 * isolates growth with the number of samples (see bench/README.md for growth with duration).
 *
 *   node --expose-gc --import tsx bench/children/memory.ts [small] [large]
 */
import { createRecorder } from '../../src/metrics/registry.js';
import type { ErrorCategory } from '../../src/http/types.js';

const small = Number(process.argv[2] ?? '100000');
const large = Number(process.argv[3] ?? '10000000');
const RUN_MS = 10 * 60 * 1000;
const startMs = Date.UTC(2026, 0, 1);

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

const recorder = createRecorder({ startMs });
const flows = [
  { name: 'start_poll', steps: [{ name: 'start', kind: 'request' }, { name: 'poll_done', kind: 'poll' }, { name: 'read', kind: 'request' }] },
  { name: 'upload_run', steps: [{ name: 'upload', kind: 'upload' }, { name: 'start_with_file', kind: 'request' }, { name: 'reply', kind: 'message' }] },
] as const;
for (const f of flows) recorder.declareFlow(f.name, f.steps.map((s) => ({ name: s.name, kind: s.kind })));

/** A cheap deterministic generator (xorshift32): the same sequence every run. */
let seed = 0x9e3779b9;
function random(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
}

function record(from: number, to: number, total: number): void {
  for (let i = from; i < to; i += 1) {
    const f = flows[i % 2] as (typeof flows)[number];
    const step = f.steps[(i >> 1) % 3] as (typeof f.steps)[number];
    const ref = { flow: f.name, step: step.name };
    // Spread evenly over the run, whatever the total: both phases cover the same 10 minutes.
    const atMs = startMs + ((i * 7919) % total) * (RUN_MS / total);
    const latencyUs = Math.round(200 * Math.pow(10_000, random()));
    const r = random();
    const error: ErrorCategory | undefined = r < 0.001 ? 'timeout' : undefined;
    recorder.exchange(ref, error !== undefined ? { latencyUs, error, startedAtMs: atMs } : { latencyUs, status: r < 0.011 ? 500 : 200, startedAtMs: atMs });
    if (step.kind === 'poll') recorder.measure(ref, 'attempts', 1 + Math.floor(random() * 8), atMs);
    if (i % 3 === 2) recorder.flow(f.name, { durationUs: latencyUs * 3, ok: r >= 0.011, startedAtMs: atMs });
  }
}

function rssAfterGc(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().rss;
}

const t0 = performance.now();
record(0, small, small);
const rssSmall = rssAfterGc();
record(small, large, large);
const rssLarge = rssAfterGc();
const snapshotBytes = JSON.stringify(recorder.snapshot()).length;
process.stdout.write(`${JSON.stringify({
  small, large, rssSmall, rssLarge,
  requests: recorder.live(startMs + RUN_MS).requests,
  snapshotBytes,
  seconds: (performance.now() - t0) / 1000,
})}\n`);
