/**
 * The Recorder the flow engine writes to: HDR histograms per step, per flow and per interval,
 * plus counters. One per worker; `snapshot()` is plain JSON (posted between threads) and
 * snapshots merge exactly (`mergeSnapshots`).
 *
 * What goes where:
 * - `exchange()` counts a request, its status code and its error category (an exchange is a
 *   failed request when the caller sets `error`), and records `http.latency`. For request,
 *   message, upload and blast steps it also records the step's `latency`; for poll and stream
 *   steps `latency` is time-to-done / stream time, so it comes from `measure(ref, 'latency', …)`.
 *   A step's interval series holds the same values as its `latency` histogram, and each bucket's
 *   `count` counts them; for poll and stream steps the exchanges go to the buckets' `requests`.
 * - `measure()` records `step.<step>.<measure>`; `attempts` and `events` are counts, every
 *   other measure is µs; `first_event` also feeds `stream.first_event`.
 * - `check()` counts passed/failed per check name; failures are aggregated (failures.ts).
 */
import type { Histogram } from 'hdr-histogram-js';
import type { CheckOutcome, ExchangeSample, FlowOutcome, Recorder, StepRef } from './recorder.js';
import type { ErrorCategory } from '../http/types.js';
import { createHistogram, encodeCached, recordValue } from './histogram.js';
import { IntervalClock, LiveIntervalSeries } from './intervals.js';
import { FailureLog } from './failures.js';
import { SNAPSHOT_VERSION } from './snapshot.js';
import type { FlowSnapshot, MetricsSnapshot, StepKind, StepSnapshot } from './snapshot.js';

export { mergeSnapshots } from './merge-snapshots.js';
export type { MetricsSnapshot } from './snapshot.js';

/** Step measures that are counts rather than µs (blast: `rps` per blast, `bytes` received). */
export const COUNT_MEASURES: ReadonlySet<string> = new Set(['attempts', 'events', 'rps', 'bytes']);

/** How far back the live p95 looks, in ms (at least: a widened interval bucket covers more). */
export const LIVE_WINDOW_MS = 5000;

export interface LiveStats {
  elapsedMs: number;
  requests: number;
  errors: number;
  iterations: number;
  checksFailed: number;
  /** Requests per second in the last full interval. */
  ratePerSec: number;
  /** p95 of exchange latency over the last ~5 s (the interval buckets covering them), µs. */
  p95Us: number;
}

export interface MetricsRecorder extends Recorder {
  /** Lists a flow's steps in suite order so the report shows every step, even one that never ran. */
  declareFlow(flow: string, steps: Array<{ name: string; kind: StepKind }>): void;
  snapshot(): MetricsSnapshot;
  /** Running figures for the progress view; `nowMs` defaults to Date.now(). */
  live(nowMs?: number): LiveStats;
}

export interface RecorderOptions {
  /** Epoch ms the run started: bucket 0 of every interval series. */
  startMs: number;
  /** Interval bucket width in ms (widened ×2 past 240 buckets). Default 1000. */
  intervalMs?: number;
}

interface StepState {
  flow: string;
  name: string;
  kind: StepKind;
  requests: number;
  failedRequests: number;
  /** By numeric code (no string per exchange); string keys in the snapshot. */
  statusCodes: Map<number, number>;
  errors: Map<ErrorCategory, number>;
  checks: Map<string, { passed: number; failed: number }>;
  histograms: Map<string, Histogram>;
  /** `histograms.get('latency')`, kept at hand: every exchange records into it. */
  latency: Histogram;
  intervals: LiveIntervalSeries;
}

interface FlowState {
  name: string;
  iterations: number;
  passed: number;
  failed: number;
  skipped?: { reason: string };
  dropped: number;
  duration: Histogram;
  durationUncorrected?: Histogram;
  intervals: LiveIntervalSeries;
  steps: Map<string, StepState>;
}

/** Step kinds whose `latency` is not one HTTP exchange (see the header comment). */
const MEASURED_LATENCY_KINDS: ReadonlySet<StepKind> = new Set(['poll', 'stream']);

function increment<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

interface TotalsState {
  requests: number;
  failedRequests: number;
  iterations: number;
  flowsFailed: number;
  dropped: number;
  checksPassed: number;
  checksFailed: number;
  /** By numeric code (no string per exchange); string keys in the snapshot. */
  statusCodes: Map<number, number>;
  errors: Map<ErrorCategory, number>;
  latency: Histogram;
  streamFirstEvent: Histogram;
  intervals: LiveIntervalSeries;
}

function newTotals(clock: IntervalClock): TotalsState {
  return {
    requests: 0,
    failedRequests: 0,
    iterations: 0,
    flowsFailed: 0,
    dropped: 0,
    checksPassed: 0,
    checksFailed: 0,
    statusCodes: new Map(),
    errors: new Map(),
    latency: createHistogram(),
    streamFirstEvent: createHistogram(),
    intervals: new LiveIntervalSeries(clock),
  };
}

class Registry implements MetricsRecorder {
  private readonly clock: IntervalClock;
  private readonly flows = new Map<string, FlowState>();
  private readonly failures = new FailureLog();
  private readonly totals: TotalsState;
  private lastRef: StepRef | undefined;
  private lastStep: StepState | undefined;

  constructor(private readonly options: RecorderOptions) {
    const intervalMs = options.intervalMs ?? 1000;
    this.clock = new IntervalClock(options.startMs, intervalMs);
    this.totals = newTotals(this.clock);
  }

  declareFlow(flow: string, steps: Array<{ name: string; kind: StepKind }>): void {
    const f = this.flowState(flow);
    for (const s of steps) {
      const existing = f.steps.get(s.name);
      if (existing === undefined) f.steps.set(s.name, this.newStep(flow, s.name, s.kind));
      else existing.kind = s.kind;
    }
  }

  exchange(ref: StepRef, sample: ExchangeSample): void {
    const s = this.stepState(ref);
    const failed = sample.error !== undefined;
    const n = sample.count ?? 1;
    s.requests += n;
    this.totals.requests += n;
    if (sample.status !== undefined) {
      increment(s.statusCodes, sample.status, n);
      increment(this.totals.statusCodes, sample.status, n);
    }
    if (sample.error !== undefined) {
      s.failedRequests += n;
      this.totals.failedRequests += n;
      increment(s.errors, sample.error, n);
      increment(this.totals.errors, sample.error, n);
    }
    recordValue(this.totals.latency, sample.latencyUs, n);
    this.totals.intervals.add(sample.startedAtMs, sample.latencyUs, failed, n);
    if (MEASURED_LATENCY_KINDS.has(s.kind)) {
      s.intervals.addRequests(sample.startedAtMs, failed, n);
      return;
    }
    recordValue(s.latency, sample.latencyUs, n);
    s.intervals.add(sample.startedAtMs, sample.latencyUs, failed, n);
  }

  measure(ref: StepRef, measure: string, value: number, atMs: number): void {
    const s = this.stepState(ref);
    recordValue(this.stepHistogram(s, measure), value);
    if (measure === 'first_event') recordValue(this.totals.streamFirstEvent, value);
    // The interval series holds the same values as the step's `latency` histogram, counted.
    if (measure === 'latency' && MEASURED_LATENCY_KINDS.has(s.kind)) s.intervals.add(atMs, value, false);
  }

  check(ref: StepRef, outcome: CheckOutcome): void {
    const s = this.stepState(ref);
    let c = s.checks.get(outcome.name);
    if (c === undefined) {
      c = { passed: 0, failed: 0 };
      s.checks.set(outcome.name, c);
    }
    if (outcome.passed) {
      c.passed += 1;
      this.totals.checksPassed += 1;
      return;
    }
    c.failed += 1;
    this.totals.checksFailed += 1;
    this.failures.add(ref, outcome);
  }

  flow(flow: string, outcome: FlowOutcome): void {
    const f = this.flowState(flow);
    f.iterations += 1;
    this.totals.iterations += 1;
    if (outcome.ok) f.passed += 1;
    else {
      f.failed += 1;
      this.totals.flowsFailed += 1;
    }
    recordValue(f.duration, outcome.durationUs);
    if (outcome.uncorrectedUs !== undefined) {
      f.durationUncorrected ??= createHistogram();
      recordValue(f.durationUncorrected, outcome.uncorrectedUs);
    }
    f.intervals.add(outcome.startedAtMs, outcome.durationUs, !outcome.ok);
  }

  skip(flow: string, reason: string): void {
    const f = this.flowState(flow);
    f.skipped ??= { reason };
  }

  dropped(flow: string, _atMs: number): void {
    this.flowState(flow).dropped += 1;
    this.totals.dropped += 1;
  }

  live(nowMs: number = Date.now()): LiveStats {
    return {
      elapsedMs: Math.max(0, nowMs - this.options.startMs),
      requests: this.totals.requests,
      errors: this.totals.failedRequests,
      iterations: this.totals.iterations,
      checksFailed: this.totals.checksFailed,
      // The totals' interval series holds every exchange by its start: the live figures read it.
      ratePerSec: this.totals.intervals.ratePerSec(nowMs),
      p95Us: this.totals.intervals.recentPercentile(nowMs, LIVE_WINDOW_MS, 95),
    };
  }

  snapshot(): MetricsSnapshot {
    const t = this.totals;
    return {
      version: SNAPSHOT_VERSION,
      startMs: this.options.startMs,
      flows: [...this.flows.values()].map((f) => this.flowSnapshot(f)),
      totals: {
        requests: t.requests,
        failedRequests: t.failedRequests,
        iterations: t.iterations,
        flowsFailed: t.flowsFailed,
        dropped: t.dropped,
        checks: { passed: t.checksPassed, failed: t.checksFailed },
        statusCodes: Object.fromEntries(t.statusCodes),
        errors: Object.fromEntries(t.errors),
        latency: encodeCached(t.latency),
        streamFirstEvent: encodeCached(t.streamFirstEvent),
        intervals: t.intervals.snapshot(),
      },
      failures: this.failures.list(),
    };
  }

  private flowSnapshot(f: FlowState): FlowSnapshot {
    const out: FlowSnapshot = {
      name: f.name,
      iterations: f.iterations,
      passed: f.passed,
      failed: f.failed,
      dropped: f.dropped,
      duration: encodeCached(f.duration),
      intervals: f.intervals.snapshot(),
      steps: [...f.steps.values()].map((s) => stepSnapshot(s)),
    };
    if (f.skipped !== undefined) out.skipped = { ...f.skipped };
    if (f.durationUncorrected !== undefined) out.durationUncorrected = encodeCached(f.durationUncorrected);
    return out;
  }

  private flowState(name: string): FlowState {
    let f = this.flows.get(name);
    if (f === undefined) {
      f = {
        name,
        iterations: 0,
        passed: 0,
        failed: 0,
        dropped: 0,
        duration: createHistogram(),
        intervals: new LiveIntervalSeries(this.clock),
        steps: new Map(),
      };
      this.flows.set(name, f);
    }
    return f;
  }

  private stepState(ref: StepRef): StepState {
    // A step's exchange, checks and measures arrive one after another: remember the last ref.
    if (ref === this.lastRef && this.lastStep !== undefined) return this.lastStep;
    const s = this.lookUpStep(ref);
    this.lastRef = ref;
    this.lastStep = s;
    return s;
  }

  private lookUpStep(ref: StepRef): StepState {
    const f = this.flowState(ref.flow);
    let s = f.steps.get(ref.step);
    if (s === undefined) {
      // Not declared: still recorded, listed after the declared steps, kind assumed `request`.
      s = this.newStep(ref.flow, ref.step, 'request');
      f.steps.set(ref.step, s);
    }
    return s;
  }

  private newStep(flow: string, name: string, kind: StepKind): StepState {
    const latency = createHistogram();
    const histograms = new Map<string, Histogram>([['latency', latency]]);
    return {
      latency,
      flow,
      name,
      kind,
      requests: 0,
      failedRequests: 0,
      statusCodes: new Map(),
      errors: new Map(),
      checks: new Map(),
      histograms,
      intervals: new LiveIntervalSeries(this.clock),
    };
  }

  private stepHistogram(s: StepState, measure: string): Histogram {
    let h = s.histograms.get(measure);
    if (h === undefined) {
      h = createHistogram();
      s.histograms.set(measure, h);
    }
    return h;
  }
}

function stepSnapshot(s: StepState): StepSnapshot {
  const histograms: StepSnapshot['histograms'] = {};
  for (const [name, h] of s.histograms) {
    histograms[name] = { unit: COUNT_MEASURES.has(name) ? 'count' : 'us', encoded: encodeCached(h) };
  }
  return {
    flow: s.flow,
    name: s.name,
    kind: s.kind,
    requests: s.requests,
    failedRequests: s.failedRequests,
    statusCodes: Object.fromEntries(s.statusCodes),
    errors: Object.fromEntries(s.errors),
    checks: [...s.checks.entries()].map(([name, c]) => ({ name, passed: c.passed, failed: c.failed })),
    histograms,
    intervals: s.intervals.snapshot(),
  };
}

/** A recorder for one worker (or the whole run when single-threaded). */
export function createRecorder(options: RecorderOptions): MetricsRecorder {
  return new Registry(options);
}
