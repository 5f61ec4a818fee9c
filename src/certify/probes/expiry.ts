/**
 * Expiry (§7, §8), opt-in because it waits: a presigned URL whose lifetime has passed is
 * refused. Only run when the lifetime fits in --expiry-wait (at most 10 s).
 */
import type { Probe, Verdicts } from '../probe.js';
import { ok2xx } from './runs.js';
import { presign, put } from './upload-flow.js';

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
