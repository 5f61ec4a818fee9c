/** `request` step: one HTTP exchange, its checks and captures. */
import { checkExchange } from '../../checks/expect.js';
import { extractCaptures } from '../../checks/capture.js';
import type { Exchange, HttpRequest } from '../../http/types.js';
import type { StepRef } from '../../metrics/recorder.js';
import type { Expect, RequestStep, Step } from '../../suite/types.js';
import { buildRequest, staticRequest } from '../build-request.js';
import type { FlowContext, IterationState, StepResult } from '../context.js';
import { capturesComplete, rendered, templateFailed } from '../guard.js';
import { cachedStepRef, recordChecks, recordExchange, recordTransportError } from '../record.js';
import { expectHasTemplate, renderExpect } from '../render-expect.js';
import { iterationScope } from '../scope.js';

/**
 * Checks a response the engine received for `step`: a transport error becomes a failure by
 * category, otherwise the (rendered) expectations run; then the step's captures are taken.
 * Returns 'stop' when a capture is missing.
 */
export function checkAndCapture(
  ctx: FlowContext,
  ref: StepRef,
  state: IterationState,
  step: Pick<Step, 'capture'> & { expect?: Expect },
  exchange: Exchange,
): StepResult {
  if (exchange.error !== undefined) {
    recordTransportError(ctx, ref, state, exchange);
  } else {
    const expect = expectHasTemplate(step.expect)
      ? rendered(ctx, ref, state, () => renderExpect(step.expect, iterationScope(ctx, state)))
      : step.expect;
    if (expect === undefined && step.expect !== undefined) return 'stop';
    const outcomes = checkExchange(expect, exchange, ctx.schemas, { redactSecrets: ctx.secrets });
    recordChecks(ctx, ref, state, outcomes);
  }
  if (step.capture === undefined) return 'continue';
  const { values, missing } = extractCaptures(step.capture, exchange);
  Object.assign(state.captures, values);
  return capturesComplete(ctx, ref, state, missing) ? 'continue' : 'stop';
}

const readsJson = new WeakMap<RequestStep, boolean>();

/**
 * Whether anything of the step reads its response as JSON (a schema or body check, a body
 * capture). When nothing does, the body is not parsed: on a large response JSON.parse costs
 * more than the rest of the exchange.
 */
function stepReadsJson(step: RequestStep): boolean {
  let reads = readsJson.get(step);
  if (reads === undefined) {
    const expect = step.expect;
    reads = expect?.schema !== undefined || (expect?.body?.length ?? 0) > 0 ||
      Object.values(step.capture ?? {}).some((c) => c.from === 'body');
    readsJson.set(step, reads);
  }
  return reads;
}

export async function runRequestStep(
  ctx: FlowContext,
  step: RequestStep,
  state: IterationState,
): Promise<StepResult> {
  const ref = cachedStepRef(state, step);
  let req: HttpRequest;
  try {
    const parseJson = stepReadsJson(step) ? undefined : 'never';
    req = staticRequest(ctx, step.request, parseJson) ?? buildRequest(ctx, step.request, iterationScope(ctx, state), parseJson);
  } catch (err) {
    templateFailed(ctx, ref, state, err);
    return 'stop';
  }
  const exchange = await ctx.client.request(req);
  recordExchange(ctx, ref, exchange);
  return checkAndCapture(ctx, ref, state, step, exchange);
}
