/**
 * Template rendering and capture failures end an iteration: the steps after them could only
 * fail in cascade. They become a recorded failed check, never an exception.
 */
import { TemplateError } from '../suite/template.js';
import type { StepRef } from '../metrics/recorder.js';
import type { FlowContext, IterationState } from './context.js';
import { recordFailure } from './record.js';

/** Runs `render`; on a TemplateError records the failure and returns undefined. */
export function rendered<T>(
  ctx: FlowContext,
  ref: StepRef,
  state: IterationState,
  render: () => T,
): T | undefined {
  try {
    return render();
  } catch (err) {
    templateFailed(ctx, ref, state, err);
    return undefined;
  }
}

/**
 * Records `err` from a render as the iteration's template failure; rethrows anything that is
 * not a TemplateError. For hot paths that render without a closure around `rendered()`.
 */
export function templateFailed(ctx: FlowContext, ref: StepRef, state: IterationState, err: unknown): void {
  if (!(err instanceof TemplateError)) throw err;
  recordFailure(ctx, ref, state, { name: 'template', category: 'other', message: err.message });
}

/** Records one failed check per capture that was not found. Returns true when none is missing. */
export function capturesComplete(
  ctx: FlowContext,
  ref: StepRef,
  state: IterationState,
  missing: string[],
): boolean {
  for (const name of missing) {
    recordFailure(ctx, ref, state, {
      name: `capture ${name}`,
      category: 'assertion',
      message: `capture "${name}" was not found in the response`,
    });
  }
  return missing.length === 0;
}
