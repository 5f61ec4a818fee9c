/**
 * Baseline-versus-current comparison (`phrony-harness compare`, `run --baseline`). Per total,
 * flow and step: p50/p95/p99, throughput and error rate side by side, judged against
 * tolerances with a noise floor, so interval-to-interval jitter is not called a regression.
 *
 * A latency percentile regresses when it grows by more than
 *     max(tolerance, noiseK × CV(baseline per-interval p95))
 * throughput when it falls by more than max(tolerance, noiseK × CV(baseline per-interval
 * counts)), and the error rate when it grows by more than `errorRatePp` percentage points.
 * The error rate of a step (or of all requests) is the share of requests that failed in
 * transport or were answered with a 5xx; 4xx answers may be what a suite expects, so they do
 * not count. A flow's error rate is its share of failed iterations.
 * Series with fewer than `minSamples` samples on either side are shown but not judged.
 */
import type { FlowReport, HistogramSummary, IntervalSeries, Report, StepReport } from './model.js';
import type { ComparedRun, ComparedSeries, Comparison, MetricDelta, Tolerances } from './compare-types.js';
import { sumValues } from './format.js';

export type { Comparison, ComparedRun, ComparedSeries, MetricDelta, Tolerances } from './compare-types.js';
export { renderCompareMarkdown, renderCompareText } from './compare-render.js';
export { parseTolerances } from './tolerances.js';

/** The default tolerances, documented in one place (see Tolerances for each meaning). */
export const DEFAULT_TOLERANCES: Readonly<Tolerances> = {
  p50: 0.25,
  p95: 0.1,
  p99: 0.2,
  errorRatePp: 0.5,
  rps: 0.1,
  noiseK: 2,
  minSamples: 20,
};

/** Interval points with fewer samples than this are left out of the noise estimate. */
const MIN_POINT_SAMPLES = 5;

/** What one side of a series offers for comparison. */
interface Side {
  latency: HistogramSummary | undefined;
  count: number;
  errors: number;
  durationMs: number;
  intervals: IntervalSeries;
}

function coefficientOfVariation(values: number[]): number {
  if (values.length < 3) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (mean <= 0) return 0;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance) / mean;
}

/** Full buckets only: the first and last are usually partial and would fake variation. */
function innerPoints(s: IntervalSeries): IntervalSeries['points'] {
  return s.points.length > 2 ? s.points.slice(1, -1) : s.points;
}

function latencyNoise(s: IntervalSeries): number {
  return coefficientOfVariation(innerPoints(s).filter((p) => p.count >= MIN_POINT_SAMPLES).map((p) => p.p95));
}

/** Throughput noise: requests per bucket (poll and stream steps count them apart from `count`). */
function countNoise(s: IntervalSeries): number {
  return coefficientOfVariation(innerPoints(s).map((p) => p.requests ?? p.count));
}

function round(v: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function delta(baseline: number | null, current: number | null, allowed: number, worse: (b: number, c: number) => number, judged: boolean): MetricDelta {
  const change = baseline === null || current === null ? null : round(current - baseline);
  const changePct = change === null || baseline === null || baseline === 0 ? null : round((change / baseline) * 100, 1);
  const regressed = judged && baseline !== null && current !== null && worse(baseline, current) > allowed;
  return { baseline, current, change, changePct, allowed: round(allowed, 4), regressed };
}

/** Relative growth (latency); a zero baseline cannot regress relatively. */
const growth = (b: number, c: number): number => (b > 0 ? (c - b) / b : 0);
/** Relative drop (throughput). */
const drop = (b: number, c: number): number => (b > 0 ? (b - c) / b : 0);
/** Absolute growth (error rate, percentage points). */
const rise = (b: number, c: number): number => c - b;

function pct(h: HistogramSummary | undefined, key: 'p50' | 'p95' | 'p99'): number | null {
  return h === undefined || h.count === 0 ? null : round(h[key] / 1000);
}

function rate(side: Side): number {
  return side.durationMs > 0 ? round((side.count * 1000) / side.durationMs) : 0;
}

function errorRate(side: Side): number | null {
  return side.count === 0 ? null : round((side.errors / side.count) * 100);
}

function compareSides(head: Pick<ComparedSeries, 'kind' | 'label' | 'flow' | 'step'>, b: Side, c: Side, tol: Tolerances): ComparedSeries {
  const judged = (b.latency?.count ?? b.count) >= tol.minSamples && (c.latency?.count ?? c.count) >= tol.minSamples;
  const noise = round(latencyNoise(b.intervals), 4);
  const floor = tol.noiseK * noise;
  const rpsFloor = tol.noiseK * countNoise(b.intervals);
  const series: ComparedSeries = {
    ...head,
    count: { baseline: b.count, current: c.count },
    p50: delta(pct(b.latency, 'p50'), pct(c.latency, 'p50'), Math.max(tol.p50, floor), growth, judged),
    p95: delta(pct(b.latency, 'p95'), pct(c.latency, 'p95'), Math.max(tol.p95, floor), growth, judged),
    p99: delta(pct(b.latency, 'p99'), pct(c.latency, 'p99'), Math.max(tol.p99, floor), growth, judged),
    rps: delta(rate(b), rate(c), Math.max(tol.rps, rpsFloor), drop, judged),
    errorRate: delta(errorRate(b), errorRate(c), tol.errorRatePp, rise, judged),
    noise,
    judged,
    regressed: false,
    reasons: [],
    intervals: { baseline: b.intervals, current: c.intervals },
  };
  series.reasons = reasonsOf(series);
  series.regressed = series.reasons.length > 0;
  return series;
}

function reasonsOf(s: ComparedSeries): string[] {
  const out: string[] = [];
  for (const key of ['p50', 'p95', 'p99'] as const) {
    const d = s[key];
    if (!d.regressed) continue;
    out.push(`${s.label} ${key} ${sign(d.changePct)}% (${fmt(d.baseline)} → ${fmt(d.current)} ms, allowed +${round(d.allowed * 100, 1)}%)`);
  }
  if (s.rps.regressed) {
    out.push(`${s.label} throughput ${sign(s.rps.changePct)}% (${fmt(s.rps.baseline)} → ${fmt(s.rps.current)}/s, allowed −${round(s.rps.allowed * 100, 1)}%)`);
  }
  if (s.errorRate.regressed) {
    out.push(`${s.label} error rate +${fmt(s.errorRate.change)} pp (${fmt(s.errorRate.baseline)}% → ${fmt(s.errorRate.current)}%, allowed +${s.errorRate.allowed} pp)`);
  }
  return out;
}

function sign(v: number | null): string {
  if (v === null) return '?';
  return v >= 0 ? `+${v}` : String(v);
}

function fmt(v: number | null): string {
  return v === null ? '–' : String(round(v, 2));
}

/** Requests that failed in transport or got a 5xx answer. */
function failedRequests(errors: Partial<Record<string, number>>, statusCodes: Record<string, number>): number {
  const serverErrors = Object.entries(statusCodes).reduce((n, [code, count]) => n + (code.startsWith('5') ? count : 0), 0);
  return sumValues(errors) + serverErrors;
}

function totalSide(r: Report): Side {
  const t = r.totals;
  return { latency: t.latency, count: t.requests, errors: failedRequests(t.errors, t.statusCodes), durationMs: r.run.durationMs, intervals: t.intervals };
}

function flowSide(f: FlowReport, durationMs: number): Side {
  return { latency: f.duration, count: f.iterations, errors: f.failed, durationMs, intervals: f.intervals };
}

function stepSide(s: StepReport, durationMs: number): Side {
  return { latency: s.histograms['latency'], count: s.requests, errors: failedRequests(s.errors, s.statusCodes), durationMs, intervals: s.intervals };
}

function runInfo(r: Report): ComparedRun {
  return {
    runId: r.run.id,
    startedAt: r.run.startedAt,
    durationMs: r.run.durationMs,
    baseUrl: r.target.baseUrl,
    suite: r.suite.name,
    digest: r.suite.digest,
  };
}

function compareFlows(base: Report, cur: Report, tol: Tolerances, only: { b: string[]; c: string[] }): ComparedSeries[] {
  const out: ComparedSeries[] = [];
  for (const bf of base.flows) {
    const cf = cur.flows.find((f) => f.name === bf.name);
    if (cf === undefined) only.b.push(bf.name);
    else out.push(compareSides({ kind: 'flow', label: bf.name, flow: bf.name }, flowSide(bf, base.run.durationMs), flowSide(cf, cur.run.durationMs), tol));
  }
  for (const cf of cur.flows) if (!base.flows.some((f) => f.name === cf.name)) only.c.push(cf.name);
  return out;
}

function compareSteps(base: Report, cur: Report, tol: Tolerances, only: { b: string[]; c: string[] }): ComparedSeries[] {
  const label = (s: StepReport): string => `${s.flow} / ${s.name}`;
  const bSteps = base.flows.flatMap((f) => f.steps);
  const cSteps = cur.flows.flatMap((f) => f.steps);
  const out: ComparedSeries[] = [];
  for (const bs of bSteps) {
    const cs = cSteps.find((s) => s.flow === bs.flow && s.name === bs.name);
    if (cs === undefined) {
      only.b.push(label(bs));
      continue;
    }
    const head = { kind: 'step' as const, label: label(bs), flow: bs.flow, step: bs.name };
    out.push(compareSides(head, stepSide(bs, base.run.durationMs), stepSide(cs, cur.run.durationMs), tol));
  }
  for (const cs of cSteps) if (!bSteps.some((s) => s.flow === cs.flow && s.name === cs.name)) only.c.push(label(cs));
  return out;
}

export function compareReports(baseline: Report, current: Report, tolerances: Partial<Tolerances> = {}): Comparison {
  const tol: Tolerances = { ...DEFAULT_TOLERANCES, ...tolerances };
  const only = { b: [] as string[], c: [] as string[] };
  const totals = compareSides({ kind: 'total', label: 'total' }, totalSide(baseline), totalSide(current), tol);
  const flows = compareFlows(baseline, current, tol, only);
  const steps = compareSteps(baseline, current, tol, only);
  const reasons = [totals, ...flows, ...steps].flatMap((s) => s.reasons);
  return {
    baseline: runInfo(baseline),
    current: runInfo(current),
    tolerances: tol,
    sameSuite: baseline.suite.digest === current.suite.digest,
    totals,
    flows,
    steps,
    onlyInBaseline: only.b,
    onlyInCurrent: only.c,
    regressed: reasons.length > 0,
    reasons,
  };
}
