/**
 * The recording interface the flow engine writes to. One Recorder per worker; its snapshot is
 * mergeable exactly (HDR histograms), so workers, shards and machines combine without loss.
 *
 * Metric naming (also the names thresholds refer to; see knownMetrics in src/suite/threshold.ts):
 *   step.<step>.latency          µs; request/message/upload: each HTTP exchange; poll: time to done;
 *                                 stream: total stream time
 *   step.<step>.<measure>        µs or count, step-kind specific: poll → attempts, attempt_latency;
 *                                 stream → first_event, max_gap, events; upload → presign, put, finalize
 *   flow.<flow>.duration         µs, end to end (open model: from the intended start)
 *   flow.<flow>.duration_uncorrected  µs, open model only: from the actual start
 *   http.latency                 µs, every exchange
 *   stream.first_event           µs, every stream step
 *   http.requests (count), http.errors (rate), checks (rate), flows.failed (rate), iterations (count),
 *   dropped (count)
 *
 * For poll and stream steps `latency` is not one exchange: the engine records it with
 * `measure(ref, 'latency', …)`, and their exchanges count as requests (and `http.latency`) only.
 * See src/metrics/registry.ts for what each call feeds and src/metrics/thresholds.ts for rates.
 */
import type { ErrorCategory } from '../http/types.js';

export interface StepRef {
  flow: string;
  step: string;
}

export interface ExchangeSample {
  latencyUs: number;
  status?: number;
  error?: ErrorCategory;
  /** ms since epoch when the exchange started; picks the time interval. */
  startedAtMs: number;
  /**
   * How many identical exchanges (same latency bucket, status or error, interval) this sample
   * stands for. Default 1. The blast step records its responses in batches this way: one call
   * per distinct latency instead of one per response keeps recording off autocannon's hot path.
   */
  count?: number;
}

export interface CheckOutcome {
  /** e.g. `status`, `schema`, `body /status oneOf`, `header content-type`. */
  name: string;
  passed: boolean;
  category?: ErrorCategory;
  expected?: unknown;
  actual?: unknown;
  /** For schema checks. */
  instancePath?: string;
  schemaPath?: string;
  message?: string;
  /** Response body excerpt, already redacted. */
  sampleBody?: string;
  request?: { method: string; url: string };
}

export interface FlowOutcome {
  durationUs: number;
  /** Open model only: duration from the actual start. */
  uncorrectedUs?: number;
  ok: boolean;
  startedAtMs: number;
}

export interface Recorder {
  /** One HTTP exchange of a step: latency, status code or error category. */
  exchange(ref: StepRef, sample: ExchangeSample): void;
  /** A step-specific measure (µs or a count) into `step.<step>.<measure>`. */
  measure(ref: StepRef, measure: string, value: number, atMs: number): void;
  check(ref: StepRef, outcome: CheckOutcome): void;
  flow(flow: string, outcome: FlowOutcome): void;
  skip(flow: string, reason: string): void;
  /** An arrival that could not start (open model, maxInFlight reached). */
  dropped(flow: string, atMs: number): void;
}
