/**
 * File library (§7): presign answers the schema; the PUT is refused without the required
 * headers and on a tampered URL; more bytes than declared are refused (at the PUT or at
 * finalize); finalize answers the schema (sizeBytes a decimal string) and is idempotent.
 */
import type { ProbeContext } from '../context.js';
import { jsonObject } from '../context.js';
import type { Probe, Verdicts } from '../probe.js';
import { ok2xx } from './runs.js';
import { finalize, presign, put, tamper } from './upload-flow.js';

const MEDIA = 'text/plain';
const BYTES = new TextEncoder().encode('phrony certify\n!'); // 16 bytes

async function oversize(ctx: ProbeContext, out: Verdicts): Promise<void> {
  const declared = 8;
  const p = await presign(ctx, 'certify-oversize.txt', MEDIA, declared);
  if (p.objectKey === undefined || p.uploadUrl === undefined) return out.fail('oversize', ctx.evidence('presign failed', ctx.describe(p.ex)));
  const stored = await put(ctx, p.uploadUrl, BYTES, p.requiredHeaders ?? {});
  if (!ok2xx(stored)) return out.pass('oversize', ctx.evidence(`${BYTES.length} bytes against maxContentLength ${declared}: PUT refused`, ctx.describe(stored)));
  const fin = await finalize(ctx, p.objectKey, declared, 'certify-oversize.txt', MEDIA);
  const what = `${BYTES.length} bytes against maxContentLength ${declared}: PUT accepted, finalize ${ok2xx(fin) ? 'accepted' : 'refused'}`;
  out.judge('oversize', !ok2xx(fin), ctx.evidence(what, ctx.describe(fin)));
}

export const uploadsProbe: Probe = {
  name: 'uploads',
  area: 'core',
  phase: 1,
  checks: ['presign', 'requiredHeaders', 'tampered', 'oversize', 'finalize', 'idempotent'],
  async run(ctx, out: Verdicts) {
    const p = await presign(ctx, 'certify.txt', MEDIA, BYTES.length);
    const problem = ok2xx(p.ex) ? ctx.schemaProblem('presign', p.ex.json) : 'no 2xx answer';
    const method = jsonObject(p.ex)?.['httpMethod'];
    out.judge('presign', problem === undefined && method === 'PUT', ctx.evidence(ctx.describe(p.ex), problem));
    if (p.objectKey === undefined || p.uploadUrl === undefined) return out.failRest('presign gave no objectKey/uploadUrl');
    // The documented PUT first, while the URL is fresh (a short-lived URL must not expire
    // before it); the refusals follow on the same URL, before finalize.
    const stored = await put(ctx, p.uploadUrl, BYTES, p.requiredHeaders ?? {});
    const bare = await put(ctx, p.uploadUrl, BYTES, {});
    out.judge('requiredHeaders', !ok2xx(bare), ctx.evidence('PUT without the required headers', ctx.describe(bare)));
    const forged = await put(ctx, tamper(p.uploadUrl), BYTES, p.requiredHeaders ?? {});
    out.judge('tampered', !ok2xx(forged), ctx.evidence('PUT to the URL with one signature character changed', ctx.describe(forged)));
    await oversize(ctx, out);
    if (!ok2xx(stored)) return out.failRest(ctx.evidence('the documented PUT failed', ctx.describe(stored)));
    const first = await finalize(ctx, p.objectKey, BYTES.length, 'certify.txt', MEDIA);
    const body = jsonObject(first);
    const fProblem = ok2xx(first) ? ctx.schemaProblem('finalize', first.json) : 'no 2xx answer';
    const sizeOk = body?.['sizeBytes'] === String(BYTES.length) && body?.['objectKey'] === p.objectKey;
    const sizeNote = sizeOk ? undefined : `expected objectKey echoed and sizeBytes "${BYTES.length}"`;
    out.judge('finalize', fProblem === undefined && sizeOk, ctx.evidence(ctx.describe(first), fProblem, sizeNote));
    const again = await finalize(ctx, p.objectKey, BYTES.length, 'certify.txt', MEDIA);
    const repeat = jsonObject(again);
    const idem = ok2xx(again) && repeat?.['alreadyFinalized'] === true && repeat['objectKey'] === p.objectKey;
    out.judge('idempotent', idem, ctx.evidence('second finalize', ctx.describe(again)));
  },
};
