/**
 * The normalized suite model: what `loadSuite()` returns after parsing YAML, validating it
 * against `schemas/suite.schema.json` and applying defaults. Every duration is in
 * milliseconds, every size in bytes. Strings may still hold `${{ … }}` templates; they are
 * resolved per virtual user and iteration by `src/suite/template.ts`.
 *
 * This file is the contract between the suite loader, the flow engine and the runner.
 */

/** Where a node stands in its YAML file (1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

/** A JSON-like value whose strings may contain `${{ expr }}` templates. */
export type TemplateValue =
  | string
  | number
  | boolean
  | null
  | TemplateValue[]
  | { [key: string]: TemplateValue };

export interface Suite {
  name: string;
  description?: string;
  /** Absolute path of the YAML file, or `<inline>`. */
  file: string;
  /** sha256 hex of the file's bytes: identifies the suite in reports. */
  digest: string;
  target: TargetDefaults;
  /** Suite variables (templates allowed: `${{ env.X }}`); overridden by `--var k=v`. */
  variables: Record<string, TemplateValue>;
  load: LoadProfile;
  thresholds: ThresholdSpec[];
  flows: Flow[];
}

export interface TargetDefaults {
  /** Base URL template; `--base-url` / PHRONY_API_BASE win over it. */
  baseUrl?: string;
  /** Per-request timeout. Default 10 000 ms. */
  timeoutMs: number;
  /** Headers sent on every API request (not on presigned PUTs). Default: X-API-Key from `apiKey`. */
  headers: Record<string, string>;
  /** Extra header names to redact in reports, beside X-API-Key, Authorization, Cookie. */
  redactHeaders: string[];
  /** Follow 3xx redirects. Default false. */
  followRedirects: boolean;
  /** Largest response body buffered per request; the rest is drained and counted. Default 1 MiB. */
  maxBodyBytes: number;
}

export type LoadProfile = ClosedLoad | OpenLoad;

/** Closed model: a fixed (or staged) number of virtual users loop over the flows. */
export interface ClosedLoad {
  model: 'closed';
  /** Virtual users at the start. Default 1. */
  vus: number;
  /** Total flow iterations shared by all VUs; the run ends when done (or at duration). */
  iterations?: number;
  /** Run length; with neither iterations nor duration, each flow runs once. */
  durationMs?: number;
  /** Ramping VUs: each stage moves linearly to `target` VUs over `durationMs`. */
  stages?: Array<{ durationMs: number; target: number }>;
  /** Pause between iterations of one VU: fixed, or uniform in [min, max]. Default 0. */
  thinkTimeMs?: { min: number; max: number };
}

/** Open model: flows arrive at a rate, independent of how fast the target answers. */
export interface OpenLoad {
  model: 'open';
  phases: Array<{ durationMs: number; from: number; to: number }>; // arrivals per second
  /** Most flows in flight at once; arrivals beyond it are counted as dropped. Default 1000. */
  maxInFlight: number;
}

/** A threshold line, e.g. `flow.start_poll.duration: p(95) < 2s`, parsed at load time. */
export interface ThresholdSpec {
  metric: string;
  /** The expression as written, e.g. `p(95) < 2s`. */
  expression: string;
  condition: ThresholdCondition;
  abortOnFail: boolean;
  /** With abortOnFail: do not evaluate before this much of the run has passed. */
  delayAbortEvalMs: number;
  loc: SourceLocation;
}

export interface ThresholdCondition {
  /** p(N) percentile, avg, min, max, count, or rate (a fraction 0..1). */
  aggregate: 'p' | 'avg' | 'min' | 'max' | 'count' | 'rate';
  /** For `p`: the percentile, 0 < N <= 100. */
  percentile?: number;
  op: '<' | '<=' | '>' | '>=' | '==' | '!=';
  /** Durations normalised to microseconds; rates to a fraction (1% → 0.01); counts as is. */
  value: number;
}

export interface Flow {
  name: string;
  /** Relative share of iterations when several flows run under load. Default 1. */
  weight: number;
  /** Variables that must be non-empty; otherwise the flow is skipped and the report says why. */
  requires: string[];
  steps: Step[];
  loc: SourceLocation;
}

export type Step = RequestStep | PollStep | UploadStep | StreamStep | MessageStep | BlastStep;

interface StepBase {
  /** Unique within the suite; names the step's metrics (`step.<name>.latency`). */
  name: string;
  expect?: Expect;
  capture?: Record<string, CaptureSpec>;
  loc: SourceLocation;
}

export interface RequestSpec {
  method: string;
  /** Path (joined to the base URL) or absolute URL; templates allowed. */
  path: string;
  headers?: Record<string, string>;
  query?: Record<string, TemplateValue>;
  /** JSON body; sent with `Content-Type: application/json`. */
  json?: TemplateValue;
  /** Raw text body. */
  body?: string;
  timeoutMs?: number;
}

export interface RequestStep extends StepBase {
  kind: 'request';
  request: RequestSpec;
}

export interface PollStep extends StepBase {
  kind: 'poll';
  poll: {
    request: RequestSpec;
    /** Stop polling when this holds on the response. */
    until: Assertion;
    /** First pause between attempts. Default 1000 ms. */
    intervalMs: number;
    /** Multiply the pause by this after every attempt. Default 1. */
    backoff: number;
    /** Cap on the pause. Default 10 000 ms. */
    maxIntervalMs: number;
    /** Give up after this long. Default 60 000 ms. */
    timeoutMs: number;
    /** Give up after this many attempts. Default unlimited (0). */
    maxAttempts: number;
  };
}

export interface UploadStep extends StepBase {
  kind: 'upload';
  upload: {
    /** Path of the bytes to send (relative to the suite file) … */
    file?: string;
    /** … or bytes generated on the fly, streamed, never held in memory. */
    generate?: { sizeBytes: number; pattern: 'random' | 'zeros' | 'text' };
    filename: string;
    mediaType: string;
    /** Declared maxContentLength; default: the real size. */
    maxContentLength?: number;
    /** Prefix of the captures the step sets: `<as>.objectKey`, `<as>.leaf`, `<as>.fileRef`, `<as>.fileItem`. Default: the step name. */
    as: string;
  };
}

export interface StreamStep extends StepBase {
  kind: 'stream';
  stream: {
    runId: string;
    /** Stop at the first event with this subject (e.g. engine.session.completed). */
    untilSubject?: string;
    /** Give up after this long. Default 60 000 ms. */
    timeoutMs: number;
    /** Validate each event against this schema. Default `sse-event`. */
    eventSchema: string;
  };
}

export interface MessageStep extends StepBase {
  kind: 'message';
  message: {
    runId: string;
    /** What to send. */
    action:
      | { type: 'text'; text: string }
      | { type: 'approve'; approved: boolean }
      | { type: 'files'; files: TemplateValue }
      | { type: 'skip-wait' };
    /** `/messages` (default) or `/input`. */
    endpoint: 'messages' | 'input';
  };
}

export interface BlastStep extends StepBase {
  kind: 'blast';
  blast: {
    request: RequestSpec;
    connections: number;
    durationMs: number;
    pipelining: number;
  };
}

export interface Expect {
  /** Accepted status codes; `2xx`-style classes are expanded. Default: any 2xx. */
  status?: number[];
  /** Schema `$id` or short name (file stem under schemas/), e.g. `run` or `start-run`. */
  schema?: string;
  headers?: Record<string, Assertion>;
  body?: Assertion[];
}

/** One check on a value found by `path` (JSON Pointer `/a/0/b` or dotted `$.a[0].b`). */
export interface Assertion {
  path: string;
  equals?: TemplateValue;
  exists?: boolean;
  matches?: string;
  oneOf?: TemplateValue[];
  loc: SourceLocation;
}

export type CaptureSpec =
  | { from: 'body'; path: string }
  | { from: 'header'; name: string };
