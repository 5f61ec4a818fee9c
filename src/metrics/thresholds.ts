/**
 * Threshold evaluation against a snapshot. Metric names are those of src/metrics/recorder.ts;
 * the grammar is parsed at suite load time (src/suite), so here a spec is already structured:
 * durations in µs, rates as fractions, counts as is.
 *
 * Rules:
 * - `checks` is the rate of checks that PASSED; `http.errors` the rate of exchanges that carried
 *   an error category; `flows.failed` the rate of iterations that failed. On a rate metric,
 *   `count` is the numerator (passed checks, failed exchanges, failed flows).
 * - A metric with no samples has no percentiles, average, minimum or maximum (and a rate with
 *   no events has no rate): `actual` is null and the threshold FAILS — an unmeasured metric is
 *   not a pass. `count` of an empty metric is 0 and is compared as usual.
 * - An unknown metric, or an aggregate that does not apply to it (e.g. `p(95)` on a count),
 *   fails with `actual: null`.
 * - `actual` in results: ms for µs durations, % for rates, plain numbers otherwise.
 */
import type { Histogram } from 'hdr-histogram-js';
import type { ThresholdCondition, ThresholdSpec } from '../suite/types.js';
import type { ThresholdResult } from '../report/model.js';
import { decode, mergeEncoded } from './histogram.js';
import type { HistogramUnit } from './histogram.js';
import type { MetricsSnapshot } from './snapshot.js';

type Resolved =
  | { type: 'histogram'; unit: HistogramUnit; encoded: string }
  | { type: 'count'; value: number }
  | { type: 'rate'; hits: number; total: number }
  | { type: 'unknown' };

/** Finds what a metric name refers to in the snapshot. */
export function resolveMetric(metric: string, snap: MetricsSnapshot): Resolved {
  const t = snap.totals;
  switch (metric) {
    case 'http.latency':
      return { type: 'histogram', unit: 'us', encoded: t.latency };
    case 'stream.first_event':
      return { type: 'histogram', unit: 'us', encoded: t.streamFirstEvent };
    case 'http.requests':
      return { type: 'count', value: t.requests };
    case 'iterations':
      return { type: 'count', value: t.iterations };
    case 'dropped':
      return { type: 'count', value: t.dropped };
    case 'http.errors':
      return { type: 'rate', hits: t.failedRequests, total: t.requests };
    case 'checks':
      return { type: 'rate', hits: t.checks.passed, total: t.checks.passed + t.checks.failed };
    case 'flows.failed':
      return { type: 'rate', hits: t.flowsFailed, total: t.iterations };
    default:
      return resolveScoped(metric, snap);
  }
}

function resolveScoped(metric: string, snap: MetricsSnapshot): Resolved {
  const flowMatch = /^flow\.(.+)\.(duration|duration_uncorrected)$/.exec(metric);
  if (flowMatch !== null) {
    const flow = snap.flows.find((f) => f.name === flowMatch[1]);
    if (flow === undefined) return { type: 'unknown' };
    const encoded = flowMatch[2] === 'duration' ? flow.duration : (flow.durationUncorrected ?? '');
    return { type: 'histogram', unit: 'us', encoded };
  }
  const stepMatch = /^step\.(.+)\.([a-z_]+)$/.exec(metric);
  if (stepMatch !== null) {
    const [, stepName = '', measure = ''] = stepMatch;
    const steps = snap.flows.flatMap((f) => f.steps).filter((s) => s.name === stepName);
    if (steps.length === 0) return { type: 'unknown' };
    const parts = steps.map((s) => s.histograms[measure]).filter((h) => h !== undefined);
    // A declared step that has not recorded this measure yet is known but empty.
    const unit: HistogramUnit = parts[0]?.unit ?? (measure === 'attempts' || measure === 'events' ? 'count' : 'us');
    return { type: 'histogram', unit, encoded: mergeEncoded(parts.map((h) => h.encoded)) };
  }
  return { type: 'unknown' };
}

/** The raw measured value (µs, fraction or count), or null when there is none. */
function measure(cond: ThresholdCondition, r: Resolved, cache: Map<string, Histogram>): number | null {
  if (r.type === 'unknown') return null;
  if (r.type === 'count') return cond.aggregate === 'count' ? r.value : null;
  if (r.type === 'rate') {
    if (cond.aggregate === 'count') return r.hits;
    if (cond.aggregate !== 'rate') return null;
    return r.total === 0 ? null : r.hits / r.total;
  }
  let h = cache.get(r.encoded);
  if (h === undefined) {
    h = decode(r.encoded);
    cache.set(r.encoded, h);
  }
  if (cond.aggregate === 'count') return h.totalCount;
  if (h.totalCount === 0) return null;
  switch (cond.aggregate) {
    case 'p':
      return h.getValueAtPercentile(cond.percentile ?? 50);
    case 'avg':
      return h.mean;
    case 'min':
      return h.getValueAtPercentile(0);
    case 'max':
      return h.getValueAtPercentile(100);
    default:
      return null;
  }
}

export function compare(actual: number, op: ThresholdCondition['op'], expected: number): boolean {
  switch (op) {
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
    case '==':
      return actual === expected;
    case '!=':
      return actual !== expected;
  }
}

type DisplayUnit = NonNullable<ThresholdResult['unit']>;

function displayUnit(cond: ThresholdCondition, r: Resolved): DisplayUnit {
  if (r.type === 'rate' && cond.aggregate === 'rate') return '%';
  if (r.type === 'histogram' && r.unit === 'us' && cond.aggregate !== 'count') return 'ms';
  return 'count';
}

/** The value people read: ms for µs durations, % for rates, as is otherwise. */
function display(unit: DisplayUnit, raw: number | null): number | null {
  if (raw === null) return null;
  const round = (v: number): number => Math.round(v * 1000) / 1000;
  if (unit === '%') return round(raw * 100);
  if (unit === 'ms') return round(raw / 1000);
  return round(raw);
}

function evaluateOne(spec: ThresholdSpec, snap: MetricsSnapshot, cache: Map<string, Histogram>): ThresholdResult {
  const r = resolveMetric(spec.metric, snap);
  const raw = measure(spec.condition, r, cache);
  const unit = displayUnit(spec.condition, r);
  return {
    metric: spec.metric,
    expression: spec.expression,
    passed: raw !== null && compare(raw, spec.condition.op, spec.condition.value),
    actual: display(unit, raw),
    unit,
    abortOnFail: spec.abortOnFail,
    aborted: false,
  };
}

/** Evaluates every threshold at the end of a run (or of a merge). */
export function evaluateThresholds(specs: ThresholdSpec[], snapshot: MetricsSnapshot): ThresholdResult[] {
  const cache = new Map<string, Histogram>();
  return specs.map((spec) => evaluateOne(spec, snapshot, cache));
}

/**
 * During a run: the first `abortOnFail` threshold that fails once `delayAbortEvalMs` has
 * passed, marked `aborted`; undefined when the run may go on. A metric with no samples yet
 * does not abort (there is nothing to judge so early); it still fails at the end.
 */
export function checkAbort(
  specs: ThresholdSpec[],
  snapshot: MetricsSnapshot,
  elapsedMs: number,
): ThresholdResult | undefined {
  const cache = new Map<string, Histogram>();
  for (const spec of specs) {
    if (!spec.abortOnFail || elapsedMs < spec.delayAbortEvalMs) continue;
    const result = evaluateOne(spec, snapshot, cache);
    if (!result.passed && result.actual !== null) return { ...result, aborted: true };
  }
  return undefined;
}
