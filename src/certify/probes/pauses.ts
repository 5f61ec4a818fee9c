/**
 * Waiting runs (§5 E6, E6', E7, §6, §9 Flow 3): a HITL run pauses with a UserTaskReq that
 * carries `content.user_task_id`, and the approval is accepted with 202 on /messages; a chat
 * run waits for a reply that /input accepts with 202; a timer run's wait is skipped with 202.
 */
import type { Exchange } from '../../http/types.js';
import type { ProbeContext } from '../context.js';
import { jsonObject } from '../context.js';
import type { Probe, Verdicts } from '../probe.js';
import { isSettled, pollFailure, pollRun, startRun } from './runs.js';

/** Starts a run and waits for it to settle in `waitFor`; returns its id or fails `check`. */
async function paused(ctx: ProbeContext, agentId: string, waitFor: string, check: string, out: Verdicts): Promise<string | undefined> {
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
function accepted(ctx: ProbeContext, ex: Exchange): { ok: boolean; evidence: string } {
  const problem = ex.status === 202 ? ctx.schemaProblem('resume', ex.json) : undefined;
  return { ok: ex.status === 202 && problem === undefined, evidence: ctx.evidence(ctx.describe(ex), problem) };
}

function userTaskId(ex: Exchange): string | undefined {
  const items = jsonObject(ex)?.['items'];
  if (!Array.isArray(items)) return undefined;
  for (const item of items as Array<Record<string, unknown> | null>) {
    const content = item?.['content'] as Record<string, unknown> | null | undefined;
    if (item?.['type'] === 'UserTaskReq' && typeof content?.['user_task_id'] === 'string') return content['user_task_id'];
  }
  return undefined;
}

export const hitlProbe: Probe = {
  name: 'hitl',
  area: 'hitl',
  phase: 1,
  checks: ['pause', 'approve'],
  async run(ctx, out: Verdicts) {
    const runId = await paused(ctx, ctx.target.hitlAgentId ?? '', 'WaitingForHITL', 'pause', out);
    if (runId === undefined) return;
    const conv = await ctx.call({ method: 'GET', path: `/v1/runs/${encodeURIComponent(runId)}/conversation` });
    const taskId = userTaskId(conv);
    if (taskId === undefined) return out.fail('approve', ctx.evidence('no UserTaskReq item with content.user_task_id', ctx.describe(conv)));
    const ex = await ctx.call({ method: 'POST', path: `/v1/runs/${encodeURIComponent(runId)}/messages`, json: { runId, userTaskId: taskId, approved: true } });
    const verdict = accepted(ctx, ex);
    out.judge('approve', verdict.ok, verdict.evidence);
  },
};

export const chatProbe: Probe = {
  name: 'chat',
  area: 'chat',
  phase: 1,
  checks: ['waits', 'reply'],
  async run(ctx, out: Verdicts) {
    const runId = await paused(ctx, ctx.target.chatAgentId ?? '', 'WaitingForResponse', 'waits', out);
    if (runId === undefined) return;
    const ex = await ctx.call({ method: 'POST', path: `/v1/runs/${encodeURIComponent(runId)}/input`, json: { runId, text: 'Conformance reply.' } });
    const verdict = accepted(ctx, ex);
    out.judge('reply', verdict.ok, verdict.evidence);
  },
};

export const timerProbe: Probe = {
  name: 'timer',
  area: 'timer',
  phase: 1,
  checks: ['waits', 'skip'],
  async run(ctx, out: Verdicts) {
    const runId = await paused(ctx, ctx.target.timerAgentId ?? '', 'WaitingForTimer', 'waits', out);
    if (runId === undefined) return;
    // E7 takes no body and no Content-Type (§5 E7).
    const ex = await ctx.call({ method: 'POST', path: `/v1/runs/${encodeURIComponent(runId)}/skip-agent-wait` });
    const verdict = accepted(ctx, ex);
    out.judge('skip', verdict.ok, verdict.evidence);
  },
};
