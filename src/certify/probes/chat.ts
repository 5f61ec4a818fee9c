/** Chat (§5 E6', §9 Flow 3): the run waits in WaitingForResponse; a text reply on /input answers 202. */
import { accepted, paused } from './pauses.js';
import type { Probe, Verdicts } from '../probe.js';

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
