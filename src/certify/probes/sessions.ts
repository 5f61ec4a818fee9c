/**
 * Sessions (§4 E2, §10.6): the list answers the schema; `skip`/`take`/`total` are consistent
 * across pages (small pages concatenate to one larger page, `total` is the same on each);
 * a new run's session appears in the list. Runs alone (phase 2) so no probe adds sessions
 * while pages are compared.
 */
import type { Exchange } from '../../http/types.js';
import type { ProbeContext } from '../context.js';
import { jsonObject } from '../context.js';
import type { Probe, Verdicts } from '../probe.js';
import { ok2xx, startRun } from './runs.js';

const PAGE = 2;
const PAGES = 3;
/** Pages of 20 searched for the new session: the order of the list is not documented. */
const SEARCH_PAGES = 3;

interface Page {
  ex: Exchange;
  ids: string[];
  total?: number;
}

async function page(ctx: ProbeContext, skip: number, take: number): Promise<Page> {
  const ex = await ctx.call({ method: 'GET', path: `/v1/agents/${encodeURIComponent(ctx.target.agentId)}/sessions?skip=${skip}&take=${take}` });
  const body = jsonObject(ex);
  const items = Array.isArray(body?.['items']) ? (body['items'] as unknown[]) : [];
  const ids = items.map((i) => String((i as Record<string, unknown> | null)?.['id'] ?? ''));
  return { ex, ids, ...(typeof body?.['total'] === 'number' ? { total: body['total'] } : {}) };
}

/** Problems of the paging contract, compared with one page of PAGE × PAGES items. */
function pagingProblems(whole: Page, pages: Page[]): string[] {
  const problems: string[] = [];
  const total = whole.total ?? -1;
  pages.forEach((p, i) => {
    const skip = i * PAGE;
    if (p.total !== total) problems.push(`total ${String(p.total)} at skip=${skip}, ${total} at skip=0&take=${PAGE * PAGES}`);
    const expected = Math.max(0, Math.min(PAGE, total - skip));
    if (p.ids.length !== expected) problems.push(`skip=${skip}&take=${PAGE}: ${p.ids.length} items, expected ${expected}`);
  });
  const joined = pages.flatMap((p) => p.ids);
  if (joined.join(',') !== whole.ids.join(',')) problems.push(`pages of ${PAGE} do not concatenate to the page of ${PAGE * PAGES}: [${joined.join(', ')}] vs [${whole.ids.join(', ')}]`);
  if (new Set(joined).size !== joined.length) problems.push('a session appears on two pages');
  return problems;
}

async function findSession(ctx: ProbeContext, sessionId: string): Promise<{ found: boolean; evidence: string }> {
  let last: Page | undefined;
  for (let i = 0; i < SEARCH_PAGES; i++) {
    last = await page(ctx, i * 20, 20);
    if (last.ids.some((id) => id.toLowerCase() === sessionId.toLowerCase())) return { found: true, evidence: `session ${sessionId} listed on page ${i + 1} (take=20)` };
    if (!ok2xx(last.ex) || last.ids.length < 20) break;
  }
  return { found: false, evidence: ctx.evidence(`session ${sessionId} not in the first ${SEARCH_PAGES * 20} listed sessions`, last ? ctx.describe(last.ex) : undefined) };
}

export const sessionsProbe: Probe = {
  name: 'sessions',
  area: 'core',
  phase: 2,
  checks: ['schema', 'paging', 'newSession'],
  async run(ctx, out: Verdicts) {
    const started = await startRun(ctx, ctx.target.agentId);
    const whole = await page(ctx, 0, PAGE * PAGES);
    const problem = ok2xx(whole.ex) ? ctx.schemaProblem('sessions', whole.ex.json) : 'no 2xx answer';
    out.judge('schema', problem === undefined, ctx.evidence(ctx.describe(whole.ex), problem));
    if (!ok2xx(whole.ex)) return out.failRest('the session list could not be read');
    const pages: Page[] = [];
    for (let i = 0; i < PAGES; i++) pages.push(await page(ctx, i * PAGE, PAGE));
    const problems = pagingProblems(whole, pages);
    out.judge('paging', problems.length === 0, problems.length === 0
      ? `total ${String(whole.total)}; ${PAGES} pages of ${PAGE} concatenate to the page of ${PAGE * PAGES}`
      : ctx.evidence(...problems.slice(0, 3)));
    if (started.sessionId === undefined) return out.failRest(`could not start a run: ${ctx.describe(started.ex)}`);
    const found = await findSession(ctx, started.sessionId);
    out.judge('newSession', found.found, found.evidence);
  },
};
