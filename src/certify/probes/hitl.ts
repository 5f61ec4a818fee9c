/**
 * HITL (§5 E6, §6, §9 Flow 3): the run pauses in WaitingForHITL with a UserTaskReq carrying
 * `content.user_task_id`; approving it on /messages answers 202 {status}.
 */
import { accepted, paused, userTaskId } from './pauses.js';
import type { Probe, Verdicts } from '../probe.js';

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
