/**
 * Runs autocannon against one rendered request and records every response into our recorder
 * (in batches, see blast-batch.ts), so a blast step's latency lands in the same exact HDR
 * histograms (µs) as every other step instead of autocannon's own per-run summary. What
 * autocannon counts on its own (bytes, errors) is tallied here for the step's checks and
 * measures.
 *
 * The options given to autocannon carry the API key in their headers: they are built here,
 * passed on and never logged, echoed or put in an error.
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { ErrorCategory, HttpRequest } from '../../http/types.js';
import { timeoutError, toTransportError } from '../../http/errors.js';
import type { Recorder, StepRef } from '../../metrics/recorder.js';
import { ResponseBatcher } from './blast-batch.js';

export interface BlastSettings {
  connections: number;
  durationMs: number;
  pipelining: number;
}

/** What one blast produced, beside the per-response samples already recorded. */
export interface BlastTally {
  /** Completed responses (any status). */
  responses: number;
  statusCodes: Map<number, number>;
  /** Failed requests by category (autocannon counts one per pipelined request lost). */
  errors: Map<ErrorCategory, number>;
  /** One message per category, already redacted: the first seen. */
  errorMessages: Map<ErrorCategory, string>;
  /** Response bytes received (headers and body). */
  bytes: number;
  /** Wall time from the start to autocannon's end, ms. */
  elapsedMs: number;
  /** Set when autocannon refused to start (e.g. invalid options); nothing was sent. */
  startError?: string;
}

/**
 * How often autocannon checks whether its duration is over. Its default (1 s) would let a
 * 1.2 s blast run for 2 s; 100 ms keeps the overrun small at no measurable cost.
 */
const SAMPLE_INTERVAL_MS = 100;
/** How long responses are gathered before the recorder gets them (see blast-batch.ts). */
const BATCH_WINDOW_MS = 100;

function emptyTally(): BlastTally {
  return { responses: 0, statusCodes: new Map(), errors: new Map(), errorMessages: new Map(), bytes: 0, elapsedMs: 0 };
}

/** autocannon's options for `req`; `timeoutMs` becomes whole seconds (autocannon's unit, ≥ 1). */
function cannonOptions(req: HttpRequest, s: BlastSettings): autocannon.Options {
  const options: autocannon.Options = {
    url: req.url,
    method: req.method as autocannon.Request['method'],
    headers: req.headers,
    connections: s.connections,
    pipelining: s.pipelining,
    duration: s.durationMs / 1000,
    timeout: Math.max(1, Math.ceil(req.timeoutMs / 1000)),
    sampleInt: SAMPLE_INTERVAL_MS,
  };
  if (typeof req.body === 'string') options.body = req.body;
  return options;
}

/** Maps an autocannon request error (socket errors, or its own timeout) to our categories. */
function categorise(err: unknown, redact: (text: string) => string): { category: ErrorCategory; message: string } {
  if (err instanceof Error && err.message === 'request timed out' && !('code' in err)) {
    const t = timeoutError();
    return { category: t.category, message: t.message };
  }
  const t = toTransportError(err, undefined, redact);
  return { category: t.category, message: `${t.code}: ${t.message}` };
}

export interface BlastRunInput {
  req: HttpRequest;
  settings: BlastSettings;
  recorder: Recorder;
  ref: StepRef;
  signal: AbortSignal;
  redact: (text: string) => string;
}

/**
 * Runs the blast to its end (its duration, or the run's abort signal: autocannon then stops
 * at its next sample tick). Never rejects: a refusal to start is `startError`.
 */
export function runBlast(input: BlastRunInput): Promise<BlastTally> {
  const { req, settings, recorder, ref, signal, redact } = input;
  const tally = emptyTally();
  const timeoutUs = Math.max(1, Math.ceil(req.timeoutMs / 1000)) * 1_000_000;
  const startMs = performance.now();
  const batch = new ResponseBatcher(recorder, ref, Date.now());
  const flusher = setInterval(() => batch.flush(Date.now()), BATCH_WINDOW_MS);
  return new Promise((resolve) => {
    let instance: autocannon.Instance | undefined;
    let settled = false;
    const stop = (): void => instance?.stop();
    // autocannon calls back synchronously, from inside autocannon(), when it refuses the options.
    const finish = (err: unknown): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', stop);
      clearInterval(flusher);
      batch.flush(Date.now());
      tally.statusCodes = batch.statusCounts();
      tally.elapsedMs = performance.now() - startMs;
      if (err !== null && err !== undefined) tally.startError = redact(err instanceof Error ? err.message : String(err));
      resolve(tally);
    };
    try {
      instance = autocannon(cannonOptions(req, settings), finish);
    } catch (err) {
      finish(err);
      return;
    }
    if (settled) return;
    signal.addEventListener('abort', stop, { once: true });
    if (signal.aborted) stop();
    // On autocannon's hot path: counters and one typed-array increment, no clock read.
    instance.on('response', (_client, statusCode, resBytes, responseTime) => {
      tally.responses += 1;
      tally.bytes += resBytes;
      batch.add(statusCode, responseTime * 1000);
    });
    instance.on('reqError', (err: unknown) => {
      const { category, message } = categorise(err, redact);
      tally.errors.set(category, (tally.errors.get(category) ?? 0) + 1);
      if (!tally.errorMessages.has(category)) tally.errorMessages.set(category, message);
      // autocannon times nothing for a failed request: a timeout took the whole timeout, a
      // socket error on loopback is near-instant (the same as our own client measures it).
      const latencyUs = category === 'timeout' ? timeoutUs : 0;
      recorder.exchange(ref, { latencyUs, error: category, startedAtMs: performance.timeOrigin + performance.now() - latencyUs / 1000 });
    });
  });
}
