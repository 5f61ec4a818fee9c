/**
 * `poll` step: repeat a request until a condition holds on the response. Every attempt is an
 * exchange of its own (status codes, errors, `attempt_latency`); the step's `latency` is the
 * time to done, from the first attempt's start until the condition held.
 */
import { performance } from 'node:perf_hooks';
import { evaluateAssertion } from '../../checks/assert.js';
import { resolvePath } from '../../checks/path.js';
import type { Exchange, HttpRequest } from '../../http/types.js';
import type { StepRef } from '../../metrics/recorder.js';
import type { Assertion, PollStep } from '../../suite/types.js';
import { buildRequest } from '../build-request.js';
import type { FlowContext, IterationState, StepResult } from '../context.js';
import { rendered } from '../guard.js';
import { recordExchange, recordFailure, recordTransportError, stepRef } from '../record.js';
import { renderAssertion } from '../render-expect.js';
import { iterationScope } from '../scope.js';
import { sleep } from '../sleep.js';
import { checkAndCapture } from './request.js';

interface PollEnd {
  exchange: Exchange;
  attempts: number;
  /** Why polling ended. */
  reason: 'met' | 'timeout' | 'max_attempts' | 'aborted';
  lastValue: unknown;
}

function holds(until: Assertion, exchange: Exchange): { passed: boolean; actual: unknown } {
  if (exchange.error !== undefined || exchange.json === undefined) return { passed: false, actual: undefined };
  const found = resolvePath(exchange.json, until.path);
  const result = evaluateAssertion(until, found);
  return { passed: result.passed, actual: found.found ? found.value : undefined };
}

async function attempt(ctx: FlowContext, ref: StepRef, state: IterationState, req: HttpRequest): Promise<Exchange> {
  const exchange = await ctx.client.request(req);
  recordExchange(ctx, ref, exchange);
  ctx.recorder.measure(ref, 'attempt_latency', exchange.durationUs, exchange.startedAtMs);
  if (exchange.error !== undefined) recordTransportError(ctx, ref, state, exchange);
  return exchange;
}

async function pollLoop(
  ctx: FlowContext,
  step: PollStep,
  state: IterationState,
  req: HttpRequest,
  until: Assertion,
): Promise<PollEnd> {
  const { intervalMs, backoff, maxIntervalMs, timeoutMs, maxAttempts } = step.poll;
  const ref = stepRef(state, step.name);
  const deadline = performance.now() + timeoutMs;
  let pause = intervalMs;
  for (let attempts = 1; ; attempts += 1) {
    const exchange = await attempt(ctx, ref, state, req);
    const check = holds(until, exchange);
    const end = { exchange, attempts, lastValue: check.actual };
    if (check.passed) return { ...end, reason: 'met' };
    if (ctx.signal.aborted) return { ...end, reason: 'aborted' };
    if (maxAttempts > 0 && attempts >= maxAttempts) return { ...end, reason: 'max_attempts' };
    const left = deadline - performance.now();
    if (left <= 0) return { ...end, reason: 'timeout' };
    if (!(await sleep(Math.min(pause, left), ctx.signal))) return { ...end, reason: 'aborted' };
    pause = Math.min(pause * backoff, maxIntervalMs);
  }
}

function recordGiveUp(ctx: FlowContext, step: PollStep, state: IterationState, end: PollEnd, until: Assertion): void {
  const ref = stepRef(state, step.name);
  const why =
    end.reason === 'timeout'
      ? `not met within ${step.poll.timeoutMs} ms (${end.attempts} attempts)`
      : `not met after ${end.attempts} attempts`;
  recordFailure(ctx, ref, state, {
    name: 'poll until',
    category: end.reason === 'timeout' ? 'timeout' : 'assertion',
    message: `${until.path} ${why}; last value ${JSON.stringify(end.lastValue) ?? 'absent'}`,
    expected: until.oneOf ?? until.equals ?? until.matches ?? (until.exists === false ? 'absent' : 'present'),
    actual: end.lastValue,
  });
}

export async function runPollStep(ctx: FlowContext, step: PollStep, state: IterationState): Promise<StepResult> {
  const ref = stepRef(state, step.name);
  const scope = iterationScope(ctx, state);
  const req = rendered(ctx, ref, state, () => buildRequest(ctx, step.poll.request, scope));
  const until = rendered(ctx, ref, state, () => renderAssertion(step.poll.until, scope));
  if (req === undefined || until === undefined) return 'stop';
  const startUs = performance.now() * 1000;
  const startedAtMs = performance.timeOrigin + startUs / 1000;
  const end = await pollLoop(ctx, step, state, req, until);
  ctx.recorder.measure(ref, 'attempts', end.attempts, startedAtMs);
  if (end.reason === 'aborted') {
    state.ok = false;
    return 'stop';
  }
  if (end.reason !== 'met') {
    recordGiveUp(ctx, step, state, end, until);
    return 'stop';
  }
  ctx.recorder.measure(ref, 'latency', performance.now() * 1000 - startUs, startedAtMs);
  return checkAndCapture(ctx, ref, state, step, end.exchange);
}
