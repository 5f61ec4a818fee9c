/**
 * What the docs leave open (§10), checked as SHOULD: error bodies are JSON
 * `{statusCode, message, error}` (§10.1); the GET routes answer 200 (§10.3). (404 for an
 * unknown run, §10.4, is a step of conformance-flows.yaml.)
 */
import { randomUUID } from 'node:crypto';
import { mediaType } from '../../http/body.js';
import type { Exchange } from '../../http/types.js';
import type { ProbeContext } from '../context.js';
import type { Probe, Verdicts } from '../probe.js';
import { shortUrl } from '../evidence.js';
import { startRun } from './runs.js';

function errorShape(ctx: ProbeContext, ex: Exchange): string | undefined {
  const type = mediaType(ex.headers['content-type']);
  if (type !== 'application/json' && !type.endsWith('+json')) return `content-type ${type || 'none'}`;
  return ctx.schemaProblem('error', ex.json);
}

export const errorsProbe: Probe = {
  name: 'errors',
  area: 'core',
  phase: 1,
  checks: ['bodyShape', 'getsOk'],
  async run(ctx, out: Verdicts) {
    const unknown = await ctx.call({ method: 'GET', path: `/v1/runs/${randomUUID()}` });
    const noKey = await ctx.call({ method: 'GET', path: `/v1/agents/${encodeURIComponent(ctx.target.agentId)}/sessions`, key: null });
    const errors = [unknown, noKey].filter((ex) => ex.status !== undefined && ex.status >= 400);
    const problems = errors.map((ex) => [ex, errorShape(ctx, ex)] as const).filter(([, p]) => p !== undefined);
    const shapeEvidence = problems.length === 0
      ? `${errors.length} error answers are JSON {statusCode, message, error}`
      : ctx.evidence(...problems.slice(0, 2).map(([ex, p]) => `${ctx.describe(ex)} (${p ?? ''})`));
    out.judge('bodyShape', errors.length > 0 && problems.length === 0, shapeEvidence);
    const started = await startRun(ctx, ctx.target.agentId);
    if (started.runId === undefined) return out.failRest(`could not start a run: ${ctx.describe(started.ex)}`);
    const run = encodeURIComponent(started.runId);
    const gets = [
      await ctx.call({ method: 'GET', path: `/v1/runs/${run}` }),
      await ctx.call({ method: 'GET', path: `/v1/runs/${run}/conversation` }),
      await ctx.call({ method: 'GET', path: `/v1/agents/${encodeURIComponent(ctx.target.agentId)}/sessions?take=1` }),
    ];
    out.judge('getsOk', gets.every((ex) => ex.status === 200), ctx.evidence(...gets.map((ex) => `${ex.method} ${shortUrl(ex.url)} → ${ex.status ?? 'no answer'}`)));
  },
};
