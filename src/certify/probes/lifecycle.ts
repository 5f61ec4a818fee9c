/**
 * Run lifecycle (§4 E1, §5 E3, §5.1, §5 E7): start → 202 with the documented body; every poll
 * answers the run schema with the path's runId; the run settles within the timeout; a terminal
 * status stays terminal over further polls; output or error is present as documented; and
 * skip-agent-wait on a run that is not waiting is 400.
 */
import type { Exchange } from '../../http/types.js';
import type { ProbeContext } from '../context.js';
import { jsonObject } from '../context.js';
import type { Probe, Verdicts } from '../probe.js';
import { isSettled, isTerminal, ok2xx, pollFailure, pollRun, startRun } from './runs.js';

/** The first poll answer that breaks E3's contract, described; undefined when all hold. */
function pollContract(ctx: ProbeContext, ex: Exchange, runId: string): string | undefined {
  if (!ok2xx(ex)) return ctx.describe(ex);
  const problem = ctx.schemaProblem('run', ex.json);
  if (problem !== undefined) return ctx.evidence(ctx.describe(ex), problem);
  const id = jsonObject(ex)?.['runId'];
  if (typeof id !== 'string' || id.toLowerCase() !== runId.toLowerCase()) return ctx.evidence(ctx.describe(ex), 'runId differs from the path');
  return undefined;
}

/** Extra polls of a terminal run; the evidence names the first that read another status. */
async function staysTerminal(ctx: ProbeContext, runId: string, status: string): Promise<{ ok: boolean; evidence: string }> {
  const seen: string[] = [status];
  for (let i = 0; i < ctx.timings.stablePolls; i++) {
    if (!(await ctx.sleep(Math.min(ctx.timings.pollIntervalMs, 1000)))) break;
    const ex = await ctx.call({ method: 'GET', path: `/v1/runs/${encodeURIComponent(runId)}` });
    const now = jsonObject(ex)?.['status'];
    seen.push(typeof now === 'string' ? now : `HTTP ${ex.status ?? 'none'}`);
    if (now !== status) return { ok: false, evidence: ctx.evidence(`statuses read: ${seen.join(' → ')}`, ctx.describe(ex)) };
  }
  return { ok: true, evidence: `statuses read: ${seen.join(' → ')}` };
}

function outcome(ctx: ProbeContext, ex: Exchange, status: string): { ok: boolean; evidence: string } {
  const body = jsonObject(ex) ?? {};
  if (status === 'Completed') return { ok: 'output' in body, evidence: ctx.evidence(`status Completed, output ${'output' in body ? 'present' : 'missing'}`, ctx.describe(ex)) };
  const ok = typeof body['error'] === 'string' && body['error'] !== '';
  return { ok, evidence: ctx.evidence(`status ${status}, error ${ok ? 'present' : 'missing'}`, ctx.describe(ex)) };
}

export const lifecycleProbe: Probe = {
  name: 'lifecycle',
  area: 'core',
  phase: 1,
  checks: ['start202', 'startSchema', 'pollSchema', 'settles', 'staysTerminal', 'outcome', 'skipNotWaiting'],
  async run(ctx, out: Verdicts) {
    const started = await startRun(ctx, ctx.target.agentId);
    out.judge('start202', started.ex.status === 202, ctx.describe(started.ex));
    const schema = ok2xx(started.ex) ? ctx.schemaProblem('start-run', started.ex.json) : 'no 2xx answer';
    out.judge('startSchema', schema === undefined, ctx.evidence(ctx.describe(started.ex), schema));
    const runId = started.runId;
    if (runId === undefined) return out.failRest(`no runId from the start: ${ctx.describe(started.ex)}`);
    let broken: string | undefined;
    const polled = await pollRun(ctx, runId, isSettled, (ex) => {
      broken ??= pollContract(ctx, ex, runId);
    });
    out.judge('pollSchema', broken === undefined, broken ?? `${polled.polls} polls answered the run schema: ${ctx.describe(polled.ex)}`);
    if (!polled.reached || polled.status === undefined) return out.failRest(pollFailure(ctx, polled, 'a terminal or Waiting* status'));
    out.pass('settles', ctx.evidence(`status ${polled.status} after ${polled.polls} polls`, ctx.describe(polled.ex)));
    if (!isTerminal(polled.status)) return out.failRest(`the run of --agent-id stopped in ${polled.status}, not a terminal status`);
    const outcomeResult = outcome(ctx, polled.ex, polled.status);
    out.judge('outcome', outcomeResult.ok, outcomeResult.evidence);
    const stable = await staysTerminal(ctx, runId, polled.status);
    out.judge('staysTerminal', stable.ok, stable.evidence);
    const skip = await ctx.call({ method: 'POST', path: `/v1/runs/${encodeURIComponent(runId)}/skip-agent-wait` });
    out.judge('skipNotWaiting', skip.status === 400, ctx.describe(skip));
  },
};
