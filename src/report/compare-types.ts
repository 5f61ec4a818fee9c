/**
 * The shape of a baseline-versus-current comparison: what `compareReports()` returns and what
 * the text, Markdown and HTML compare views render. Latencies are in milliseconds, throughput in
 * requests (or flows) per second, error rates in percent.
 */
import type { IntervalSeries } from './model.js';

/**
 * How much worse a figure may get before it counts as a regression. These are the only
 * defaults; `DEFAULT_TOLERANCES` in compare.ts holds their values.
 */
export interface Tolerances {
  /** Allowed p50 increase as a fraction (0.25 = +25 %). Default 0.25. */
  p50: number;
  /** Allowed p95 increase as a fraction (0.10 = +10 %). Default 0.10. */
  p95: number;
  /** Allowed p99 increase as a fraction. Default 0.20. */
  p99: number;
  /** Allowed error-rate increase in percentage points. Default 0.5. */
  errorRatePp: number;
  /** Allowed throughput decrease as a fraction (0.10 = −10 %). Default 0.10. */
  rps: number;
  /**
   * Noise multiplier k: a latency change must also exceed k × the coefficient of variation of
   * the baseline's per-interval p95, so interval-to-interval jitter is not called a regression.
   * Default 2.
   */
  noiseK: number;
  /** Series with fewer samples than this in either report are shown but never judged. Default 20. */
  minSamples: number;
}

/** One figure side by side. */
export interface MetricDelta {
  baseline: number | null;
  current: number | null;
  /** current − baseline (same unit; percentage points for error rates). */
  change: number | null;
  /** Relative change in percent of the baseline; null when the baseline is 0 or missing. */
  changePct: number | null;
  /** The worsening allowed for this figure after the noise floor (fraction, or pp for error rates). */
  allowed: number;
  /** True when the figure got worse by more than `allowed`. */
  regressed: boolean;
}

export interface ComparedSeries {
  kind: 'total' | 'flow' | 'step';
  flow?: string;
  step?: string;
  /** Display label: `total`, `<flow>`, `<flow> / <step>`. */
  label: string;
  count: { baseline: number; current: number };
  /** ms */
  p50: MetricDelta;
  /** ms */
  p95: MetricDelta;
  /** ms */
  p99: MetricDelta;
  /** per second, over the run's duration */
  rps: MetricDelta;
  /** percent of requests (steps, total: transport failure or 5xx) or iterations (flows) that failed */
  errorRate: MetricDelta;
  /** Coefficient of variation of the baseline's per-interval p95 (0 when unknown). */
  noise: number;
  /** False when there were too few samples to judge (see Tolerances.minSamples). */
  judged: boolean;
  regressed: boolean;
  reasons: string[];
  /** The two over-time series for overlay charts (offsets in ms from each run's start). */
  intervals: { baseline: IntervalSeries; current: IntervalSeries };
}

export interface ComparedRun {
  runId: string;
  startedAt: string;
  durationMs: number;
  baseUrl: string;
  suite: string;
  digest: string;
}

export interface Comparison {
  baseline: ComparedRun;
  current: ComparedRun;
  tolerances: Tolerances;
  /** False when the two reports come from different suites (digests differ): still compared by name. */
  sameSuite: boolean;
  totals: ComparedSeries;
  flows: ComparedSeries[];
  steps: ComparedSeries[];
  /** Flow/step labels present in only one of the reports. */
  onlyInBaseline: string[];
  onlyInCurrent: string[];
  regressed: boolean;
  /** One line per regressed figure, e.g. "start_poll / create_run p95 +34.1 % (120.0 → 161.0 ms, allowed +10.0 %)". */
  reasons: string[];
}
