/**
 * How a step reports what happened: exchanges, check outcomes and the failures that end an
 * iteration. Every path that marks an iteration failed goes through here, so the report always
 * says why.
 */
import type { CheckOutcome, ExchangeSample, StepRef } from '../metrics/recorder.js';
import type { ErrorCategory, Exchange } from '../http/types.js';
import { redactText, redactUrl } from '../http/redact.js';
import type { FlowContext, IterationState } from './context.js';

export function stepRef(state: IterationState, step: string): StepRef {
  return { flow: state.flow, step };
}

const refs = new WeakMap<object, StepRef>();

/**
 * The same StepRef as `stepRef(state, step.name)`, made once per step object (and flow) rather
 * than per request. Refs are only read, never changed, by the recorder.
 */
export function cachedStepRef(state: IterationState, step: { name: string }): StepRef {
  const ref = refs.get(step);
  if (ref !== undefined && ref.flow === state.flow) return ref;
  const made = stepRef(state, step.name);
  refs.set(step, made);
  return made;
}

/**
 * Records one HTTP exchange (latency, status, error category) and, unless `fingerprint` is
 * false (object-storage uploads answer for another server), feeds the target fingerprint.
 */
export function recordExchange(ctx: FlowContext, ref: StepRef, exchange: Exchange, fingerprint = true): void {
  const sample: ExchangeSample = { latencyUs: exchange.durationUs, startedAtMs: exchange.startedAtMs };
  if (exchange.status !== undefined) sample.status = exchange.status;
  if (exchange.error !== undefined) sample.error = exchange.error.category;
  ctx.recorder.exchange(ref, sample);
  if (fingerprint && exchange.status !== undefined) ctx.onResponse?.(exchange);
}

/** Records check outcomes; a failed one marks the iteration failed. Returns true when all passed. */
export function recordChecks(
  ctx: FlowContext,
  ref: StepRef,
  state: IterationState,
  outcomes: CheckOutcome[],
): boolean {
  let allPassed = true;
  for (const outcome of outcomes) {
    ctx.recorder.check(ref, outcome);
    if (!outcome.passed) allPassed = false;
  }
  if (!allPassed) state.ok = false;
  return allPassed;
}

/** A value bound for the report without the run's secrets: an object holding one becomes its redacted JSON. */
function redactValue(value: unknown, secrets: string[]): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  const json = JSON.stringify(value);
  const clean = redactText(json, secrets);
  return clean === json ? value : clean;
}

/**
 * Records a failed check that the engine itself decided (no response to check against). The
 * message and values may quote what the target sent (a poll's last value), so they are redacted.
 */
export function recordFailure(
  ctx: FlowContext,
  ref: StepRef,
  state: IterationState,
  failure: { name: string; category: ErrorCategory; message: string; expected?: unknown; actual?: unknown },
): void {
  state.ok = false;
  const outcome = { passed: false, ...failure, message: redactText(failure.message, ctx.secrets) };
  if (failure.expected !== undefined) outcome.expected = redactValue(failure.expected, ctx.secrets);
  if (failure.actual !== undefined) outcome.actual = redactValue(failure.actual, ctx.secrets);
  ctx.recorder.check(ref, outcome);
}

/**
 * A transport failure (timeout, reset, refused, …) is already counted by its category through
 * `recordExchange`; this also lists it among the failures with its message. A cancellation
 * by the run itself is not the target's fault and is not reported as a failure.
 */
export function recordTransportError(
  ctx: FlowContext,
  ref: StepRef,
  state: IterationState,
  exchange: Exchange,
): void {
  const error = exchange.error;
  if (error === undefined) return;
  if (error.category === 'aborted' && ctx.signal.aborted) {
    state.ok = false;
    return;
  }
  state.ok = false;
  ctx.recorder.check(ref, {
    name: 'transport',
    passed: false,
    category: error.category,
    // The URL may hold a secret the suite put in its path or query (as the checks' samples do).
    message: redactText(`${error.code}: ${error.message}`, ctx.secrets),
    request: { method: exchange.method, url: redactText(redactUrl(exchange.url), ctx.secrets) },
  });
}

/** Prefixes check names of a sub-request (`presign status`), so they stay apart in the report. */
export function prefixed(prefix: string, outcomes: CheckOutcome[]): CheckOutcome[] {
  return outcomes.map((o) => ({ ...o, name: `${prefix} ${o.name}` }));
}
