/** Helpers of the probes of waiting runs (hitl, chat, timer): reach the pause, judge the 202. */
import type { Exchange } from '../../http/types.js';
import type { ProbeContext } from '../context.js';
import { jsonObject } from '../context.js';
import type { Verdicts } from '../probe.js';
import { isSettled, pollFailure, pollRun, startRun } from './runs.js';

/** Starts a run and waits for it to settle in `waitFor`; returns its id or fails `check`. */
export async function paused(ctx: ProbeContext, agentId: string, waitFor: string, check: string, out: Verdicts): Promise<string | undefined> {
  const started = await startRun(ctx, agentId);
  if (started.runId === undefined) {
    out.failRest(`could not start a run: ${ctx.describe(started.ex)}`);
    return undefined;
  }
  const polled = await pollRun(ctx, started.runId, isSettled);
  if (!polled.reached) {
    out.failRest(pollFailure(ctx, polled, waitFor));
    return undefined;
  }
  if (!out.judge(check, polled.status === waitFor, ctx.evidence(`status ${polled.status ?? 'none'}`, ctx.describe(polled.ex)))) {
    out.failRest(`the run is not ${waitFor}`);
    return undefined;
  }
  return started.runId;
}

/** 202 with the resume schema. */
export function accepted(ctx: ProbeContext, ex: Exchange): { ok: boolean; evidence: string } {
  const problem = ex.status === 202 ? ctx.schemaProblem('resume', ex.json) : undefined;
  return { ok: ex.status === 202 && problem === undefined, evidence: ctx.evidence(ctx.describe(ex), problem) };
}

export function userTaskId(ex: Exchange): string | undefined {
  const items = jsonObject(ex)?.['items'];
  if (!Array.isArray(items)) return undefined;
  for (const item of items as Array<Record<string, unknown> | null>) {
    const content = item?.['content'] as Record<string, unknown> | null | undefined;
    if (item?.['type'] === 'UserTaskReq' && typeof content?.['user_task_id'] === 'string') return content['user_task_id'];
  }
  return undefined;
}
