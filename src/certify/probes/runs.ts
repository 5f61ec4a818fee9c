/**
 * Run helpers shared by the probes: start a run (E1) and poll it (E3) until a condition,
 * bounded by the run timeout and the poll interval.
 */
import type { Exchange } from '../../http/types.js';
import type { ProbeContext } from '../context.js';
import { jsonObject } from '../context.js';

/** Statuses that mean "still working" (§5.1; `Pending`/`Queued` are tolerated spellings). */
const WORKING = new Set(['Running', 'Pending', 'Queued']);

/** Terminal or waiting for someone: polling may stop (§9 Flow 1). */
export function isSettled(status: string): boolean {
  return !WORKING.has(status);
}

export function isWaiting(status: string): boolean {
  return status.startsWith('Waiting');
}

export function isTerminal(status: string): boolean {
  return isSettled(status) && !isWaiting(status);
}

export interface Started {
  ex: Exchange;
  runId?: string;
  sessionId?: string;
}

export async function startRun(ctx: ProbeContext, agentId: string, input: Record<string, unknown> = {}, key?: string | null): Promise<Started> {
  const ex = await ctx.call({ method: 'POST', path: `/v1/agents/${encodeURIComponent(agentId)}/runs`, json: { input }, ...(key !== undefined ? { key } : {}) });
  const body = jsonObject(ex);
  const ok = ex.status !== undefined && ex.status >= 200 && ex.status < 300;
  const runId = ok && typeof body?.['runId'] === 'string' ? body['runId'] : undefined;
  const sessionId = ok && typeof body?.['sessionId'] === 'string' ? body['sessionId'] : undefined;
  return { ex, ...(runId !== undefined ? { runId } : {}), ...(sessionId !== undefined ? { sessionId } : {}) };
}

export interface Polled {
  /** The last poll. */
  ex: Exchange;
  /** The last status read, when a poll answered one. */
  status?: string;
  polls: number;
  /** True when `until` held before the timeout. */
  reached: boolean;
  /** Every poll answer that was not 2xx JSON with a status, described; polling stops at the first. */
  problem?: string;
}

/** Polls GET /v1/runs/{runId} until `until(status)` or the run timeout. */
export async function pollRun(ctx: ProbeContext, runId: string, until: (status: string) => boolean, onPoll?: (ex: Exchange) => void): Promise<Polled> {
  const deadline = Date.now() + ctx.timings.runTimeoutMs;
  let polls = 0;
  for (;;) {
    const ex = await ctx.call({ method: 'GET', path: `/v1/runs/${encodeURIComponent(runId)}` });
    polls += 1;
    onPoll?.(ex);
    const status = jsonObject(ex)?.['status'];
    if (ex.status === undefined || ex.status < 200 || ex.status > 299 || typeof status !== 'string') {
      return { ex, polls, reached: false, problem: ctx.describe(ex), ...(typeof status === 'string' ? { status } : {}) };
    }
    if (until(status)) return { ex, status, polls, reached: true };
    if (Date.now() + ctx.timings.pollIntervalMs > deadline) return { ex, status, polls, reached: false };
    if (!(await ctx.sleep(ctx.timings.pollIntervalMs))) return { ex, status, polls, reached: false, problem: 'interrupted' };
  }
}

/** Evidence for a poll that did not reach its goal. */
export function pollFailure(ctx: ProbeContext, p: Polled, goal: string): string {
  if (p.problem !== undefined) return ctx.evidence(`polling stopped before ${goal}`, p.problem);
  return ctx.evidence(`${goal} not reached within ${ctx.timings.runTimeoutMs} ms (${p.polls} polls)`, `last status ${p.status ?? 'none'}`);
}

/** True for a 2xx answer. */
export function ok2xx(ex: Exchange): boolean {
  return ex.status !== undefined && ex.status >= 200 && ex.status < 300;
}
