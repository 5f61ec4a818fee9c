/**
 * The flow engine: runs one iteration of one flow for one virtual user, step by step, and
 * records everything it sees. It never throws for anything the target does: failures are
 * recorded checks and error categories, and end with `recorder.flow(...)`.
 */
import { performance } from 'node:perf_hooks';
import type { FlowOutcome } from '../metrics/recorder.js';
import type { Flow, Step } from '../suite/types.js';
import { cachedStepRef } from './record.js';
import { templateFailed } from './guard.js';
import type { FlowContext, IterationState, StepResult } from './context.js';
import { runBlastStep } from './steps/blast.js';
import { runMessageStep } from './steps/message.js';
import { runPollStep } from './steps/poll.js';
import { runRequestStep } from './steps/request.js';
import { runStreamStep } from './steps/stream.js';
import { runUploadStep } from './steps/upload.js';

export type { FlowContext, IterationState } from './context.js';

function runStep(ctx: FlowContext, step: Step, state: IterationState): Promise<StepResult> {
  switch (step.kind) {
    case 'request':
      return runRequestStep(ctx, step, state);
    case 'poll':
      return runPollStep(ctx, step, state);
    case 'upload':
      return runUploadStep(ctx, step, state);
    case 'stream':
      return runStreamStep(ctx, step, state);
    case 'message':
      return runMessageStep(ctx, step, state);
    case 'blast':
      return runBlastStep(ctx, step, state);
  }
}

/** Optional inputs of one iteration. */
export interface IterationTiming {
  /**
   * Open model: when the iteration was meant to start (`performance.now()` ms). The flow's
   * `duration` is then measured from it (coordinated omission corrected) and the time from
   * the actual start is recorded beside it as `duration_uncorrected`. Default: the actual start.
   */
  intendedStartMs?: number;
}

/**
 * Runs every step of `flow` in order until one says stop (a missing capture or template error:
 * the remaining steps would only fail in cascade) or the run is aborted. Returns whether the
 * iteration passed. An iteration cut short by the run's abort signal is not recorded as a flow
 * outcome: it says nothing about the target.
 */
export async function runFlowIteration(
  ctx: FlowContext,
  flow: Flow,
  vu: number,
  iteration: number,
  timing: IterationTiming = {},
): Promise<boolean> {
  const state: IterationState = { flow: flow.name, vu, iteration, captures: {}, ok: true };
  const actualUs = performance.now() * 1000;
  const intended = timing.intendedStartMs;
  const startUs = intended !== undefined ? Math.min(intended * 1000, actualUs) : actualUs;
  const startedAtMs = performance.timeOrigin + startUs / 1000;
  for (const step of flow.steps) {
    if (ctx.signal.aborted) break;
    let result: StepResult;
    try {
      result = await runStep(ctx, step, state);
    } catch (err) {
      // Steps render most templates through `rendered()`; this net catches the rest (e.g. a
      // target header whose variable is unset, rendered deep inside a sub-request) as the same
      // recorded failure, here rather than in another async wrapper per step.
      templateFailed(ctx, cachedStepRef(state, step), state, err);
      result = 'stop';
    }
    if (result === 'stop') break;
  }
  if (ctx.signal.aborted) return false;
  const endUs = performance.now() * 1000;
  const outcome: FlowOutcome = { durationUs: endUs - startUs, ok: state.ok, startedAtMs };
  if (intended !== undefined) outcome.uncorrectedUs = endUs - actualUs;
  ctx.recorder.flow(flow.name, outcome);
  return state.ok;
}
