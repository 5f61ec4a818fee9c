/**
 * Rate limit (§8, §10.5), opt-in because it spends a trigger's quota: at most rate-limit + 1
 * starts on the limited agent must meet a 429, which should carry Retry-After.
 */
import type { Exchange } from '../../http/types.js';
import type { Probe, Verdicts } from '../probe.js';
import { startRun } from './runs.js';

/** Retry-After is delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
function validRetryAfter(value: string | undefined): boolean {
  if (value === undefined) return false;
  return /^\d+$/.test(value.trim()) || !Number.isNaN(Date.parse(value));
}

export const rateLimitProbe: Probe = {
  name: 'rateLimit',
  area: 'rate-limit',
  phase: 1,
  checks: ['limited', 'retryAfter'],
  async run(ctx, out: Verdicts) {
    const attempts = (ctx.target.rateLimit ?? 0) + 1;
    let limited: Exchange | undefined;
    let last: Exchange | undefined;
    for (let i = 0; i < attempts && limited === undefined; i++) {
      last = (await startRun(ctx, ctx.target.limitedAgentId ?? '')).ex;
      if (last.status === 429) limited = last;
    }
    if (limited === undefined) {
      return out.failRest(ctx.evidence(`no 429 within ${attempts} starts`, last ? ctx.describe(last) : undefined));
    }
    out.pass('limited', ctx.describe(limited));
    const header = limited.headers['retry-after'];
    out.judge('retryAfter', validRetryAfter(header), `Retry-After: ${header ?? 'missing'}`);
  },
};
