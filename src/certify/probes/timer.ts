/** Timer (§5 E7): the run waits in WaitingForTimer; skip-agent-wait (no body) answers 202. */
import { accepted, paused } from './pauses.js';
import type { Probe, Verdicts } from '../probe.js';

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
