/**
 * Opt-in probes that cost time or quota. Rate limit (§8, §10.5): at most rate-limit + 1
 * starts on the limited agent must meet a 429, with a Retry-After header. Expiry (§7, §8): a
 * presigned URL whose lifetime has passed is refused; only run when the lifetime fits in
 * --expiry-wait.
 */
import type { Exchange } from '../../http/types.js';
import type { Probe, Verdicts } from '../probe.js';
import { ok2xx, startRun } from './runs.js';
import { presign, put } from './upload-flow.js';

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

const BYTES = new TextEncoder().encode('expired');

export const expiryProbe: Probe = {
  name: 'expiry',
  area: 'expiry',
  phase: 1,
  checks: ['expiredRefused'],
  async run(ctx, out: Verdicts) {
    const p = await presign(ctx, 'certify-expiry.txt', 'text/plain', BYTES.length);
    const presignedAt = Date.now();
    if (p.uploadUrl === undefined || p.expiresInSeconds === undefined) return out.fail('expiredRefused', ctx.evidence('presign failed', ctx.describe(p.ex)));
    // A quarter second past the lifetime, counted from after the presign answer arrived.
    const waitMs = p.expiresInSeconds * 1000 + 250;
    const allowed = ctx.target.expiryWaitMs ?? 0;
    if (waitMs > allowed) return out.notCovered('expiredRefused', `expiresInSeconds is ${p.expiresInSeconds}: the wait of ${waitMs} ms exceeds --expiry-wait ${allowed} ms`);
    if (!(await ctx.sleep(presignedAt + waitMs - Date.now()))) return out.fail('expiredRefused', 'interrupted while waiting for the expiry');
    const ex = await put(ctx, p.uploadUrl, BYTES, p.requiredHeaders ?? {});
    out.judge('expiredRefused', !ok2xx(ex), ctx.evidence(`PUT ${waitMs} ms after presign (expiresInSeconds ${p.expiresInSeconds})`, ctx.describe(ex)));
  },
};
