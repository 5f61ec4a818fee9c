/** The "Allow file uploads" flag (§2.3): presign and finalize with a key without it are 403. */
import { randomUUID } from 'node:crypto';
import type { Probe, Verdicts } from '../probe.js';

export const noUploadProbe: Probe = {
  name: 'noUpload',
  area: 'no-upload-key',
  phase: 1,
  checks: ['refused'],
  async run(ctx, out: Verdicts) {
    const key = ctx.target.noUploadApiKey ?? null;
    const presign = await ctx.call({
      method: 'POST', path: '/v1/file-library/presign', key,
      json: { filename: 'certify.txt', mediaType: 'text/plain', maxContentLength: 16 },
    });
    const finalize = await ctx.call({
      method: 'POST', path: '/v1/file-library/finalize', key,
      json: { objectKey: `certify/library/${randomUUID()}.txt`, maxContentLength: 16 },
    });
    out.judge('refused', presign.status === 403 && finalize.status === 403, ctx.evidence(ctx.describe(presign), ctx.describe(finalize)));
  },
};
