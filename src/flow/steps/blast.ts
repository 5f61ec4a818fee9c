/**
 * `blast` step: saturates one request with autocannon for the step's duration and reports it
 * in the same model as every other step:
 * - `step.<name>.latency`, `http.latency`, requests, status codes and error categories from
 *   each response as it arrives (see blast-run.ts);
 * - `step.<name>.rps` (completed responses per second of the blast) and `step.<name>.bytes`
 *   (response bytes received) as count measures, one value per blast;
 * - a `status` check from the status counts and, when requests failed, a `transport` check
 *   (blast-checks.ts). There is no per-response schema or assertion: autocannon hands over
 *   only status codes (the suite loader refuses any other `expect` key on a blast step).
 *
 * The blast is the load itself, so it runs once at a time per step: virtual users reaching a
 * step whose blast is running join it and share its outcome instead of starting another
 * autocannon beside it. Run blast suites with `vus: 1`.
 */
import { redactText } from '../../http/redact.js';
import type { StepRef } from '../../metrics/recorder.js';
import type { BlastStep } from '../../suite/types.js';
import { buildRequest } from '../build-request.js';
import type { FlowContext, IterationState, StepResult } from '../context.js';
import { rendered } from '../guard.js';
import { recordChecks, recordFailure, stepRef } from '../record.js';
import { iterationScope } from '../scope.js';
import { statusCheck, transportCheck } from './blast-checks.js';
import { runBlast, type BlastTally } from './blast-run.js';

/** How a blast ended: `stop` when nothing could be sent (template error, refused options). */
type BlastOutcome = 'passed' | 'failed' | 'stop';

/** Running blasts per run context and step: later arrivals join them. */
const running = new WeakMap<FlowContext, Map<string, Promise<BlastOutcome>>>();

/** Records the blast's measures and checks; true when every check passed. */
function recordTally(ctx: FlowContext, ref: StepRef, step: BlastStep, tally: BlastTally, state: IterationState): boolean {
  const atMs = Date.now();
  if (tally.elapsedMs > 0) ctx.recorder.measure(ref, 'rps', (tally.responses * 1000) / tally.elapsedMs, atMs);
  ctx.recorder.measure(ref, 'bytes', tally.bytes, atMs);
  const outcomes = [statusCheck(step.expect, tally)];
  if (tally.errors.size > 0) outcomes.push(transportCheck(tally));
  return recordChecks(ctx, ref, state, outcomes);
}

async function blastOnce(ctx: FlowContext, step: BlastStep, state: IterationState): Promise<BlastOutcome> {
  const ref = stepRef(state, step.name);
  const req = rendered(ctx, ref, state, () => buildRequest(ctx, step.blast.request, iterationScope(ctx, state)));
  if (req === undefined) return 'stop';
  const redact = (text: string): string => redactText(text, ctx.secrets);
  const tally = await runBlast({ req, settings: step.blast, recorder: ctx.recorder, ref, signal: ctx.signal, redact });
  if (tally.startError !== undefined) {
    recordFailure(ctx, ref, state, { name: 'blast', category: 'other', message: `autocannon did not start: ${tally.startError}` });
    return 'stop';
  }
  if (ctx.signal.aborted) return 'failed';
  return recordTally(ctx, ref, step, tally, state) ? 'passed' : 'failed';
}

export async function runBlastStep(ctx: FlowContext, step: BlastStep, state: IterationState): Promise<StepResult> {
  let byStep = running.get(ctx);
  if (byStep === undefined) {
    byStep = new Map();
    running.set(ctx, byStep);
  }
  const key = `${state.flow}\u0000${step.name}`;
  let blast = byStep.get(key);
  const own = blast === undefined;
  if (blast === undefined) {
    blast = blastOnce(ctx, step, state);
    byStep.set(key, blast);
  }
  try {
    const outcome = await blast;
    if (outcome !== 'passed') state.ok = false;
    return outcome === 'stop' ? 'stop' : 'continue';
  } finally {
    if (own) byStep.delete(key);
  }
}
