/**
 * The report model, version 1: what `report.json` holds (validated by
 * schemas/report.schema.json) and what every renderer (HTML, JUnit, Markdown, console) and
 * `compare` / `merge` read. Histograms travel encoded (HdrHistogram compressed base64, µs
 * for latencies), so reports from workers, shards and machines merge exactly; the
 * precomputed summaries beside them are for people and quick tools.
 */
import type { ErrorCategory } from '../http/types.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface HistogramSummary {
  /** `us` for latencies (microseconds), `count` for counts (poll attempts, events). */
  unit: 'us' | 'count';
  count: number;
  min: number;
  mean: number;
  stdev: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  /** HdrHistogram V2 compressed base64; empty string when count is 0. */
  encoded: string;
}

/**
 * One time bucket of a series: offsets are ms from the run start. `count` always counts the
 * samples the bucket's histogram holds, so a bucket with a count has percentiles.
 */
export interface IntervalPoint {
  t: number;
  /**
   * Samples in the bucket's histogram: exchanges (request, message, upload, blast steps and the
   * totals), flows (flow series), or, for poll and stream steps, polls and streams that started
   * in the bucket (their `latency` is time to done / stream time).
   */
  count: number;
  /** Failed exchanges (step and totals series) or failed flows (flow series) in the bucket. */
  errors: number;
  /**
   * Poll and stream steps only: exchanges (poll attempts, stream requests) that started in the
   * bucket, which `count` does not count. Absent on every other series (and in reports written
   * before it existed, where a poll or stream step's `count` counted exchanges).
   */
  requests?: number;
  p50: number;
  p95: number;
  p99: number;
  /** Histogram of the bucket, so buckets from shards merge exactly. */
  encoded: string;
}

export interface IntervalSeries {
  /** Bucket width in ms; widened (buckets merged pairwise) for long runs to bound the size. */
  intervalMs: number;
  points: IntervalPoint[];
}

export interface CheckSummary {
  /** e.g. `status`, `schema start-run`, `body /status oneOf`. */
  name: string;
  passed: number;
  failed: number;
}

/** A failed check, aggregated by (flow, step, check, message); a few redacted samples kept. */
export interface FailureRecord {
  flow: string;
  step: string;
  check: string;
  category: ErrorCategory;
  count: number;
  message: string;
  expected?: unknown;
  actual?: unknown;
  instancePath?: string;
  schemaPath?: string;
  request?: { method: string; url: string };
  /** At most 3 redacted body excerpts (≤ 2 KiB each). */
  samples: string[];
}

export interface StepReport {
  name: string;
  flow: string;
  kind: 'request' | 'poll' | 'upload' | 'stream' | 'message' | 'blast';
  requests: number;
  /** Status code → count, e.g. {"200": 12, "500": 1}. */
  statusCodes: Record<string, number>;
  errors: Partial<Record<ErrorCategory, number>>;
  checks: CheckSummary[];
  /** `latency` always; plus kind-specific measures (see src/metrics/recorder.ts). */
  histograms: Record<string, HistogramSummary>;
  /** Latency per interval (feeds the over-time charts). */
  intervals: IntervalSeries;
}

export interface FlowReport {
  name: string;
  iterations: number;
  passed: number;
  failed: number;
  /** Set when the flow never ran (e.g. a required variable is missing). */
  skipped?: { reason: string };
  dropped: number;
  duration: HistogramSummary;
  /** Open model: from the actual start, beside the corrected `duration`. */
  durationUncorrected?: HistogramSummary;
  intervals: IntervalSeries;
  steps: StepReport[];
}

export interface ThresholdResult {
  metric: string;
  expression: string;
  passed: boolean;
  /** The measured value in the expression's unit (ms for durations, % for rates). */
  actual: number | null;
  /** The unit of `actual`: `ms` (durations), `%` (rates) or `count`. */
  unit?: 'ms' | '%' | 'count';
  abortOnFail: boolean;
  /** True when this threshold stopped the run early. */
  aborted: boolean;
  /**
   * Set on a merged report when the threshold could not be re-evaluated (no specs at merge
   * time): the result is the one shard `index` (0-based, in merge order) computed on its own data.
   */
  fromShard?: number;
}

/** One requirement of a conformance certification (written by `certify`). */
export interface CertificationRequirement {
  id: string;
  statement: string;
  level: 'MUST' | 'SHOULD';
  section: string;
  status: 'pass' | 'fail' | 'warn' | 'not-covered';
  evidence?: string;
}

/** One coverage area of a certification: covered when its prerequisites were given. */
export interface CertificationCoverage {
  area: string;
  covered: boolean;
  /** The flags that provide what the area needs, e.g. `--hitl-agent-id`. */
  prerequisites: string[];
  /** Requirements of the plan in this area. */
  requirements: number;
}

export interface Certification {
  requirements: CertificationRequirement[];
  verdict: 'CERTIFIED' | 'NOT CERTIFIED';
  /** Coverage per area (certify writes it; older certificates may lack it). */
  coverage?: CertificationCoverage[];
  /** Requests certify sent to the target. */
  requests?: number;
  /**
   * SHA-256 (hex) of the canonical JSON of the whole report with this field removed
   * (keys sorted, no whitespace); see src/certify/README.md to verify it.
   */
  digest?: string;
}

export interface Verdict {
  passed: boolean;
  exitCode: number;
  /** One line each: why the run did not pass. */
  reasons: string[];
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  kind: 'run' | 'certificate';
  harness: { name: 'phrony-harness'; version: string; node: string };
  suite: { name: string; file: string; digest: string };
  target: {
    baseUrl: string;
    embedded: boolean;
    /** Host, `server` header and any version headers seen. */
    fingerprint: { host: string; server?: string; versionHeaders: Record<string, string> };
  };
  run: {
    id: string;
    startedAt: string;
    endedAt: string;
    durationMs: number;
    status: 'completed' | 'interrupted' | 'aborted';
    abortReason?: string;
    /** The effective load profile (JSON of src/suite/types.ts LoadProfile). */
    load: Record<string, unknown>;
    /** Load threads the run used (1: in the main thread). */
    workers: number;
    /** Set by `--shard i/N`: `index` is 1-based, as on the command line. */
    shard?: { index: number; count: number };
    /** Set on a merged report: how many reports it combines. */
    mergedFrom?: number;
  };
  generator: {
    eventLoopDelay: HistogramSummary;
    /** True when the load generator, not the target, was the bottleneck. */
    unreliable: boolean;
    reasons: string[];
  };
  totals: {
    requests: number;
    iterations: number;
    dropped: number;
    checks: { passed: number; failed: number };
    statusCodes: Record<string, number>;
    errors: Partial<Record<ErrorCategory, number>>;
    /** Every exchange: feeds `http.latency`. */
    latency: HistogramSummary;
    intervals: IntervalSeries;
  };
  flows: FlowReport[];
  failures: FailureRecord[];
  thresholds: ThresholdResult[];
  /** Present on certification reports: every requirement with its status. */
  certification?: Certification;
  verdict: Verdict;
}
