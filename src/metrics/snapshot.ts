/**
 * The plain-JSON form of a recorder's state: what `MetricsRecorder.snapshot()` returns, what
 * worker threads post to the main thread, and what `buildReport()` turns into a Report.
 * Histograms are encoded (HdrHistogram compressed base64, "" when empty) so snapshots merge
 * exactly.
 */
import type { ErrorCategory } from '../http/types.js';
import type { FailureRecord, HistogramSummary, StepReport } from '../report/model.js';

export const SNAPSHOT_VERSION = 1;

export type StepKind = StepReport['kind'];

/** One time bucket: index `i` counts `intervalMs` widths from the series' `startMs`. */
export interface IntervalBucketSnapshot {
  i: number;
  /** Samples in `encoded` (see IntervalPoint.count). */
  count: number;
  errors: number;
  /** Poll and stream steps: exchanges started in the bucket (see IntervalPoint.requests). */
  requests?: number;
  encoded: string;
}

export interface IntervalSeriesSnapshot {
  /** Epoch ms of bucket 0. */
  startMs: number;
  intervalMs: number;
  /** Sorted by `i`; empty buckets are left out. */
  buckets: IntervalBucketSnapshot[];
}

export interface EncodedHistogram {
  unit: HistogramSummary['unit'];
  encoded: string;
}

export interface CheckCounts {
  name: string;
  passed: number;
  failed: number;
}

export interface StepSnapshot {
  flow: string;
  name: string;
  kind: StepKind;
  requests: number;
  /** Exchanges that carried an error category. */
  failedRequests: number;
  statusCodes: Record<string, number>;
  errors: Partial<Record<ErrorCategory, number>>;
  /** In order of first appearance. */
  checks: CheckCounts[];
  /** `latency` always; plus the kind-specific measures seen. */
  histograms: Record<string, EncodedHistogram>;
  intervals: IntervalSeriesSnapshot;
}

export interface FlowSnapshot {
  name: string;
  iterations: number;
  passed: number;
  failed: number;
  skipped?: { reason: string };
  dropped: number;
  duration: string;
  /** Open model only; absent when no uncorrected duration was recorded. */
  durationUncorrected?: string;
  intervals: IntervalSeriesSnapshot;
  /** In suite order (declared steps first, then any step seen without a declaration). */
  steps: StepSnapshot[];
}

export interface TotalsSnapshot {
  requests: number;
  failedRequests: number;
  iterations: number;
  flowsFailed: number;
  dropped: number;
  checks: { passed: number; failed: number };
  statusCodes: Record<string, number>;
  errors: Partial<Record<ErrorCategory, number>>;
  /** `http.latency`: every exchange. */
  latency: string;
  /** `stream.first_event`: every stream step. */
  streamFirstEvent: string;
  intervals: IntervalSeriesSnapshot;
}

export interface MetricsSnapshot {
  version: typeof SNAPSHOT_VERSION;
  /** Epoch ms the run (and bucket 0 of every series) started. */
  startMs: number;
  flows: FlowSnapshot[];
  totals: TotalsSnapshot;
  failures: FailureRecord[];
}
