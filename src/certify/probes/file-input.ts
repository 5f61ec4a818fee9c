/**
 * File references in run input (§7.4): a finalized file, referenced by the leaf of its
 * objectKey, is accepted by an agent whose input requires `document`; a reference to a file
 * that was never uploaded is refused (4xx at the start, or the run fails).
 */
import { randomUUID } from 'node:crypto';
import type { ProbeContext } from '../context.js';
import type { Probe, Verdicts } from '../probe.js';
import { isSettled, isTerminal, ok2xx, pollFailure, pollRun, startRun } from './runs.js';
import { uploadFile } from './upload-flow.js';

const MEDIA = 'application/pdf';
const PDF = new TextEncoder().encode('%PDF-1.4\n% phrony-harness certify\n%%EOF\n');

function fileRef(leaf: string): Record<string, unknown> {
  return { document: { phronyFile: true, filename: leaf, mediaType: MEDIA } };
}

async function accepted(ctx: ProbeContext, agentId: string, out: Verdicts): Promise<void> {
  const up = await uploadFile(ctx, 'certify.pdf', MEDIA, PDF);
  if (!up.ok) return out.fail('accepted', up.evidence);
  const leaf = up.objectKey.split('/').pop() ?? up.objectKey;
  const started = await startRun(ctx, agentId, fileRef(leaf));
  if (started.runId === undefined || started.ex.status !== 202) return out.fail('accepted', ctx.evidence(`input.document = reference to ${leaf}`, ctx.describe(started.ex)));
  const polled = await pollRun(ctx, started.runId, isSettled);
  if (!polled.reached || polled.status === undefined) return out.fail('accepted', pollFailure(ctx, polled, 'a terminal or Waiting* status'));
  out.judge('accepted', polled.status !== 'Failed', ctx.evidence(`start 202, run settled in ${polled.status}`, ctx.describe(polled.ex)));
}

async function unknownRefused(ctx: ProbeContext, agentId: string, out: Verdicts): Promise<void> {
  const started = await startRun(ctx, agentId, fileRef(`${randomUUID()}.pdf`));
  if (!ok2xx(started.ex) || started.runId === undefined) {
    const refused = started.ex.status !== undefined && started.ex.status >= 400 && started.ex.status < 500;
    return void out.judge('unknownRefused', refused, ctx.evidence('reference to a file never uploaded', ctx.describe(started.ex)));
  }
  const polled = await pollRun(ctx, started.runId, isTerminal);
  const what = `reference to a file never uploaded: start ${started.ex.status}, run ${polled.status ?? 'unknown'}`;
  out.judge('unknownRefused', polled.status === 'Failed', ctx.evidence(what, ctx.describe(polled.ex)));
}

export const fileInputProbe: Probe = {
  name: 'fileInput',
  area: 'file-input',
  phase: 1,
  checks: ['accepted', 'unknownRefused'],
  async run(ctx, out: Verdicts) {
    const agentId = ctx.target.fileAgentId ?? '';
    await accepted(ctx, agentId, out);
    await unknownRefused(ctx, agentId, out);
  },
};
