/**
 * Conversation (§4 E4): the body answers the schema; items are in ordinal order; the root run
 * has depth 0 and no parent; slim mode drops exactly the documented keys from object contents.
 */
import type { Exchange } from '../../http/types.js';
import type { ProbeContext } from '../context.js';
import { jsonObject } from '../context.js';
import type { Probe, Verdicts } from '../probe.js';
import { isTerminal, ok2xx, pollFailure, pollRun, startRun } from './runs.js';

/** Keys `stepContent=slim` removes from object contents (§4 E4). */
export const SLIM_KEYS = ['session_id', 'run_id', 'tenant_id', 'agent_id', 'agent_version_id', 'event_id'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function items(ex: Exchange): Obj[] {
  const list = jsonObject(ex)?.['items'];
  return Array.isArray(list) ? list.filter(isObj) : [];
}

function ordinalOrder(ctx: ProbeContext, ex: Exchange): { ok: boolean; evidence: string } {
  const ordinals = items(ex).map((i) => i['ordinal']);
  const ok = ordinals.length > 0 && ordinals.every((o, i) => typeof o === 'number' && (i === 0 || o > (ordinals[i - 1] as number)));
  return { ok, evidence: ctx.evidence(`ordinals in answer order: [${ordinals.slice(0, 20).join(', ')}]`, ok ? undefined : ctx.describe(ex)) };
}

function rootDepth(ctx: ProbeContext, ex: Exchange, runId: string): { ok: boolean; evidence: string } {
  const runs = jsonObject(ex)?.['runs'];
  const root = Array.isArray(runs) ? runs.filter(isObj).find((r) => String(r['id']).toLowerCase() === runId.toLowerCase()) : undefined;
  if (root === undefined) return { ok: false, evidence: ctx.evidence('the started run is missing from runs[]', ctx.describe(ex)) };
  const ok = root['depth'] === 0 && root['parentRunId'] === null;
  return { ok, evidence: `root run: depth ${JSON.stringify(root['depth'])}, parentRunId ${JSON.stringify(root['parentRunId'])}` };
}

/** Slim vs full: same items, and no object content of the slim answer keeps a slim key. */
function slimDiff(ctx: ProbeContext, full: Exchange, slim: Exchange): { ok: boolean; evidence: string } {
  if (!ok2xx(slim)) return { ok: false, evidence: ctx.describe(slim) };
  const f = items(full);
  const s = items(slim);
  const kept = s.flatMap((i) => (isObj(i['content']) ? SLIM_KEYS.filter((k) => k in (i['content'] as Obj)) : []));
  const dropped = f.flatMap((i) => (isObj(i['content']) ? SLIM_KEYS.filter((k) => k in (i['content'] as Obj)) : [])).length;
  const ok = s.length === f.length && kept.length === 0;
  const what = `${f.length} full / ${s.length} slim items; ${dropped} documented keys in full contents; kept in slim: ${kept.length === 0 ? 'none' : [...new Set(kept)].join(', ')}`;
  return { ok, evidence: ok ? what : ctx.evidence(what, ctx.describe(slim)) };
}

export const conversationProbe: Probe = {
  name: 'conversation',
  area: 'core',
  phase: 1,
  checks: ['schema', 'ordinal', 'rootDepth', 'slim'],
  async run(ctx, out: Verdicts) {
    const started = await startRun(ctx, ctx.target.agentId, { question: 'conformance' });
    if (started.runId === undefined) return out.failRest(`could not start a run: ${ctx.describe(started.ex)}`);
    const polled = await pollRun(ctx, started.runId, isTerminal);
    if (!polled.reached) return out.failRest(pollFailure(ctx, polled, 'a terminal status'));
    const path = `/v1/runs/${encodeURIComponent(started.runId)}/conversation`;
    const full = await ctx.call({ method: 'GET', path });
    const problem = ok2xx(full) ? ctx.schemaProblem('conversation', full.json) : 'no 2xx answer';
    out.judge('schema', problem === undefined, ctx.evidence(ctx.describe(full), problem));
    if (!ok2xx(full)) return out.failRest('the conversation could not be read');
    const order = ordinalOrder(ctx, full);
    out.judge('ordinal', order.ok, order.evidence);
    const depth = rootDepth(ctx, full, started.runId);
    out.judge('rootDepth', depth.ok, depth.evidence);
    const slim = await ctx.call({ method: 'GET', path: `${path}?stepContent=slim` });
    const diff = slimDiff(ctx, full, slim);
    out.judge('slim', diff.ok, diff.evidence);
  },
};
