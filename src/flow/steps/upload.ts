/**
 * `upload` step: presign → PUT the bytes to the presigned URL → finalize (phrony-api.md §7,
 * Flow 2). The PUT carries exactly the presign's `requiredHeaders` (never the API key), and
 * the bytes are streamed from the file or generated chunk by chunk. The presigned URL is a
 * credential: it is redacted wherever it is recorded.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { checkExchange } from '../../checks/expect.js';
import { redactText, redactUrl, urlSecrets } from '../../http/redact.js';
import type { Exchange, HttpRequest } from '../../http/types.js';
import type { StepRef } from '../../metrics/recorder.js';
import type { Expect, UploadStep } from '../../suite/types.js';
import { apiRequest } from '../build-request.js';
import type { FlowContext, IterationState, StepResult } from '../context.js';
import { generatedBody } from '../generate.js';
import { prefixed, recordChecks, recordExchange, recordFailure, recordTransportError, stepRef } from '../record.js';
import { iterationScope } from '../scope.js';
import { rendered } from '../guard.js';
import { renderString } from '../../suite/template.js';

type Phase = 'presign' | 'put' | 'finalize';

interface Presigned {
  objectKey: string;
  uploadUrl: string;
  requiredHeaders: Record<string, string>;
}

/** Records one sub-request of the upload and checks it; returns true when it passed. */
function checkPhase(
  ctx: FlowContext,
  ref: StepRef,
  state: IterationState,
  phase: Phase,
  exchange: Exchange,
  expect: Expect,
  urlCredentials: string[] = [],
): boolean {
  recordExchange(ctx, ref, exchange, phase !== 'put');
  ctx.recorder.measure(ref, phase, exchange.durationUs, exchange.startedAtMs);
  if (exchange.error !== undefined) {
    recordTransportError(ctx, ref, state, exchange);
    return false;
  }
  const redactSecrets = urlCredentials.length > 0 ? [...ctx.secrets, ...urlCredentials] : ctx.secrets;
  return recordChecks(ctx, ref, state, prefixed(phase, checkExchange(expect, exchange, ctx.schemas, { redactSecrets })));
}

function asPresigned(json: unknown): Presigned | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  const headers = o['requiredHeaders'];
  if (typeof o['objectKey'] !== 'string' || typeof o['uploadUrl'] !== 'string') return undefined;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const requiredHeaders: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (typeof v === 'string') requiredHeaders[k] = v;
  return { objectKey: o['objectKey'], uploadUrl: o['uploadUrl'], requiredHeaders };
}

async function bodyOf(step: UploadStep): Promise<{ size: number; open: () => NodeJS.ReadableStream }> {
  const { file, generate } = step.upload;
  if (file !== undefined) {
    const size = (await stat(file)).size;
    return { size, open: () => createReadStream(file) };
  }
  const gen = generate ?? { sizeBytes: 0, pattern: 'zeros' as const };
  return { size: gen.sizeBytes, open: () => generatedBody(gen.sizeBytes, gen.pattern) };
}

/** Credentials of the presigned URL in a presign answer, even one that fails its schema. */
function presignCredentials(json: unknown): string[] {
  const url = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)['uploadUrl'] : undefined;
  return typeof url === 'string' ? urlSecrets(url) : [];
}

async function put(ctx: FlowContext, presigned: Presigned, size: number, body: NodeJS.ReadableStream, credentials: string[]): Promise<Exchange> {
  const req: HttpRequest = {
    method: 'PUT',
    url: presigned.uploadUrl,
    headers: { ...presigned.requiredHeaders, 'content-length': String(size) },
    body,
    timeoutMs: ctx.target.timeoutMs,
    maxBodyBytes: ctx.target.maxBodyBytes,
    followRedirects: false,
    signal: ctx.signal,
  };
  const exchange = await ctx.client.request(req);
  // The presigned URL is a credential: keep only its redacted form, in the URL and in any error text.
  const url = redactUrl(exchange.url);
  const error = exchange.error && { ...exchange.error, message: redactText(exchange.error.message.split(presigned.uploadUrl).join(url), credentials) };
  return { ...exchange, url, ...(error !== undefined ? { error } : {}) };
}

function checkSize(ctx: FlowContext, ref: StepRef, state: IterationState, json: unknown, size: number): boolean {
  const actual = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)['sizeBytes'] : undefined;
  const passed = actual === String(size);
  const outcome = { name: 'finalize sizeBytes', passed, category: 'assertion' as const, expected: String(size), actual };
  return recordChecks(ctx, ref, state, [passed ? outcome : { ...outcome, message: `sizeBytes is ${JSON.stringify(actual)}, expected the string "${size}"` }]);
}

function setCaptures(as: string, names: { filename: string; mediaType: string }, state: IterationState, objectKey: string): void {
  const { filename, mediaType } = names;
  const leaf = objectKey.split('/').pop() ?? objectKey;
  state.captures[as] = {
    objectKey,
    leaf,
    fileRef: { phronyFile: true, filename: leaf, mediaType },
    fileItem: { phronyFile: true, objectKey, filename, mediaType },
  };
}

export async function runUploadStep(ctx: FlowContext, step: UploadStep, state: IterationState): Promise<StepResult> {
  const ref = stepRef(state, step.name);
  const scope = iterationScope(ctx, state);
  const names = rendered(ctx, ref, state, () => ({
    filename: renderString(step.upload.filename, scope),
    mediaType: renderString(step.upload.mediaType, scope),
  }));
  if (names === undefined) return 'stop';
  const { filename, mediaType } = names;
  let source: Awaited<ReturnType<typeof bodyOf>>;
  try {
    source = await bodyOf(step);
  } catch (err) {
    const message = `cannot read upload file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
    recordFailure(ctx, ref, state, { name: 'upload file', category: 'other', message });
    return 'stop';
  }
  const maxContentLength = step.upload.maxContentLength ?? source.size;
  const presignEx = await ctx.client.request(apiRequest(ctx, scope, 'POST', '/v1/file-library/presign', { filename, mediaType, maxContentLength }));
  const presigned = asPresigned(presignEx.json);
  // A target may quote the presigned URL or its signature in any later body: redact them all.
  const credentials = presignCredentials(presignEx.json);
  if (!checkPhase(ctx, ref, state, 'presign', presignEx, { schema: 'presign' }, credentials) || presigned === undefined) return 'stop';
  const putEx = await put(ctx, presigned, source.size, source.open(), credentials);
  if (!checkPhase(ctx, ref, state, 'put', putEx, {}, credentials)) return 'stop';
  const finalizeEx = await ctx.client.request(
    apiRequest(ctx, scope, 'POST', '/v1/file-library/finalize', { objectKey: presigned.objectKey, maxContentLength, filename, mediaType }),
  );
  const finalizeOk = checkPhase(ctx, ref, state, 'finalize', finalizeEx, { schema: 'finalize', ...step.expect }, credentials);
  if (!finalizeOk || !checkSize(ctx, ref, state, finalizeEx.json, source.size)) return 'stop';
  setCaptures(step.upload.as, names, state, presigned.objectKey);
  return 'continue';
}
