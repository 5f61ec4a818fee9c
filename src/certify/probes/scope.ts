/**
 * Key scope (§2.2): a valid key scoped to another agent cannot read a run of this agent (poll
 * and conversation). The 403 on this agent's own routes is a step of conformance-flows.yaml.
 */
import type { Probe, Verdicts } from '../probe.js';
import { startRun } from './runs.js';

/** "Refused": 403 as documented for scope, or 404 (a run the key cannot see). */
const REFUSED = new Set([403, 404]);

export const scopeProbe: Probe = {
  name: 'scope',
  area: 'scope',
  phase: 1,
  checks: ['otherRun'],
  async run(ctx, out: Verdicts) {
    const other = ctx.target.otherApiKey ?? null;
    const own = await startRun(ctx, ctx.target.agentId);
    if (own.runId === undefined) return out.failRest(`could not start a run: ${ctx.describe(own.ex)}`);
    const run = encodeURIComponent(own.runId);
    const poll = await ctx.call({ method: 'GET', path: `/v1/runs/${run}`, key: other });
    const conv = await ctx.call({ method: 'GET', path: `/v1/runs/${run}/conversation`, key: other });
    const refused = REFUSED.has(poll.status ?? 0) && REFUSED.has(conv.status ?? 0);
    out.judge('otherRun', refused, ctx.evidence(ctx.describe(poll), ctx.describe(conv)));
  },
};
