/** AUTH basics (§2.3): a missing or invalid API key is 401 on every kind of route. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Exchange } from '../../http/types.js';
import type { CallSpec, ProbeContext } from '../context.js';
import type { Probe, Verdicts } from '../probe.js';

function routes(agentId: string): CallSpec[] {
  const agent = encodeURIComponent(agentId);
  return [
    { method: 'POST', path: `/v1/agents/${agent}/runs`, json: { input: {} } },
    { method: 'GET', path: `/v1/agents/${agent}/sessions?take=1` },
    { method: 'GET', path: `/v1/runs/${randomUUID()}` },
  ];
}

async function allAnswer(ctx: ProbeContext, key: string | null, expected: number): Promise<{ ok: boolean; evidence: string }> {
  const answers: Exchange[] = [];
  for (const spec of routes(ctx.target.agentId)) answers.push(await ctx.call({ ...spec, key }));
  const ok = answers.every((ex) => ex.status === expected);
  return { ok, evidence: ctx.evidence(...answers.map((ex) => ctx.describe(ex))) };
}

export const authProbe: Probe = {
  name: 'auth',
  area: 'core',
  phase: 1,
  checks: ['missingKey', 'invalidKey'],
  async run(ctx, out: Verdicts) {
    const missing = await allAnswer(ctx, null, 401);
    out.judge('missingKey', missing.ok, missing.evidence);
    // Shaped like a real key so that only its value, not its form, is wrong.
    const invalid = await allAnswer(ctx, `phk_${randomBytes(16).toString('hex')}`, 401);
    out.judge('invalidKey', invalid.ok, invalid.evidence);
  },
};
