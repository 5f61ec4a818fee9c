/**
 * Deterministic synthetic runs, recorded through the real recorder and built into real reports:
 * for tests, benches and renderer previews that need realistic data without a target.
 */
import { createRecorder } from '../metrics/registry.js';
import type { MetricsRecorder } from '../metrics/registry.js';
import { emptySummary } from '../metrics/histogram.js';
import { buildReport } from './build.js';
import type { Report, ThresholdResult } from './model.js';

export interface SyntheticOptions {
  /** PRNG seed; equal seeds give equal reports. Default 1. */
  seed?: number;
  /** Run start, epoch ms. Default 2026-01-01T12:00:00Z. */
  startMs?: number;
  /** Run length in seconds. Default 60. */
  durationS?: number;
  /** Flow iterations started per second. Default 20. */
  iterationsPerSec?: number;
  /** Multiplies every latency (1.5 = 50 % slower). Default 1. */
  latencyScale?: number;
  /** Relative random jitter per sample on top of the base distribution (0.1 = ±10 %). Default 0. */
  jitter?: number;
  /** Fraction of status checks that fail with a 500. Default 0. */
  errorRate?: number;
  thresholds?: ThresholdResult[];
  /** Suite digest. Default "synthetic-digest". */
  digest?: string;
}

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SYNTHETIC_STEPS = [
  { name: 'create_run', kind: 'request' as const, baseUs: 20_000 },
  { name: 'wait_done', kind: 'poll' as const, baseUs: 400_000 },
  { name: 'get_result', kind: 'request' as const, baseUs: 8_000 },
];

interface Ctx {
  rec: MetricsRecorder;
  rnd: () => number;
  o: Required<Omit<SyntheticOptions, 'thresholds'>>;
}

/** One iteration of the synthetic flow starting at `at`. */
function iteration(ctx: Ctx, at: number): void {
  const { rec, rnd, o } = ctx;
  let total = 0;
  let ok = true;
  for (const step of SYNTHETIC_STEPS) {
    // Log-normal-ish body with a tail: most near base, a few up to ~4×.
    const shape = Math.exp((rnd() + rnd() + rnd() - 1.5) * 0.6);
    const jitter = 1 + (rnd() * 2 - 1) * o.jitter;
    const latencyUs = step.baseUs * shape * jitter * o.latencyScale;
    const failed = rnd() < o.errorRate;
    const ref = { flow: 'start_poll', step: step.name };
    rec.exchange(ref, { latencyUs, status: failed ? 500 : 200, startedAtMs: at });
    if (step.kind === 'poll') {
      rec.measure(ref, 'latency', latencyUs, at);
      rec.measure(ref, 'attempts', 1 + Math.floor(rnd() * 4), at);
    }
    rec.check(ref, failed
      ? { name: 'status', passed: false, category: 'status', expected: [200], actual: 500, message: 'expected status 200, got 500', sampleBody: '{"error":{"code":"internal"}}', request: { method: 'GET', url: 'http://127.0.0.1/v1/runs/x' } }
      : { name: 'status', passed: true });
    ok &&= !failed;
    total += latencyUs;
  }
  rec.flow('start_poll', { durationUs: total, ok, startedAtMs: at });
}

/** A recorder filled with a synthetic run (for merge/compare tests that need the recorder too). */
export function syntheticRecorder(options: SyntheticOptions = {}): MetricsRecorder {
  const o = {
    seed: 1,
    startMs: Date.UTC(2026, 0, 1, 12, 0, 0),
    durationS: 60,
    iterationsPerSec: 20,
    latencyScale: 1,
    jitter: 0,
    errorRate: 0,
    digest: 'synthetic-digest',
    ...options,
  };
  const rec = createRecorder({ startMs: o.startMs });
  rec.declareFlow('start_poll', SYNTHETIC_STEPS.map(({ name, kind }) => ({ name, kind })));
  rec.declareFlow('never_ran', [{ name: 'upload_file', kind: 'upload' }]);
  rec.skip('never_ran', 'required variable PHRONY_FILE_AGENT_ID is not set');
  const ctx: Ctx = { rec, rnd: prng(o.seed), o };
  const total = o.durationS * o.iterationsPerSec;
  for (let i = 0; i < total; i++) iteration(ctx, o.startMs + Math.floor((i * 1000) / o.iterationsPerSec));
  return rec;
}

export function syntheticReport(options: SyntheticOptions = {}): Report {
  const rec = syntheticRecorder(options);
  const snapshot = rec.snapshot();
  return buildReport({
    suite: { name: 'synthetic', file: 'suites/synthetic.yaml', digest: options.digest ?? 'synthetic-digest' },
    target: { baseUrl: 'http://127.0.0.1:4010', embedded: true, fingerprint: { host: '127.0.0.1:4010', versionHeaders: {} } },
    run: {
      id: `synthetic-${options.seed ?? 1}`,
      startedAt: '',
      startedAtMs: snapshot.startMs,
      endedAtMs: snapshot.startMs + (options.durationS ?? 60) * 1000,
      status: 'completed',
      load: { model: 'closed', vus: 4 },
      workers: 1,
    },
    snapshot,
    thresholds: options.thresholds ?? [],
    generator: { eventLoopDelay: emptySummary('us'), unreliable: false, reasons: [] },
    harnessVersion: '0.1.0',
    node: 'v20.20.0',
  });
}
