/**
 * The presigned upload target (`PUT /_storage/<objectKey>?expires=…&sig=…`), standing in for
 * object storage: no API key; the URL signature, expiry, required headers and size are checked.
 */
import type { App } from './app.js';
import type { Ctx } from './http-io.js';
import { HttpError, sendBytes } from './http-io.js';
import type { StoredObject } from './file-library.js';
import { deviates } from './deviations.js';

const PREFIX = '/_storage/';

function checkHeader(ctx: Ctx, name: string, expected: string): void {
  const value = ctx.req.headers[name];
  if (value === undefined) throw new HttpError(400, `Missing required header ${name}`);
  if (value !== expected) throw new HttpError(403, `Header ${name} does not match the signed value`);
}

function signedObject(ctx: Ctx, app: App): StoredObject {
  const objectKey = ctx.path.slice(PREFIX.length);
  const params = new URLSearchParams(ctx.query);
  const expires = params.get('expires') ?? '';
  const sig = params.get('sig') ?? '';
  const signed = deviates(app.config, 'upload-signature-ignored') || app.files.verify(objectKey, expires, sig);
  if (!/^\d{1,16}$/.test(expires) || !signed) {
    throw new HttpError(403, 'Signature does not match');
  }
  if (Number(expires) < Date.now() && !deviates(app.config, 'upload-expiry-ignored')) throw new HttpError(403, 'Request has expired');
  const obj = app.files.objects.get(objectKey);
  if (obj === undefined) throw new HttpError(404, 'No upload slot for this object');
  if (obj.finalized) throw new HttpError(409, 'Object is already finalized');
  return obj;
}

/** Reads at most `max` bytes; one more and it answers 413 without reading the rest. */
async function readCapped(ctx: Ctx, max: number): Promise<Buffer> {
  const tooLarge = (): HttpError => new HttpError(413, `Body exceeds the declared maxContentLength of ${max} bytes`, { connection: 'close' });
  const declared = Number(ctx.req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

export async function upload(ctx: Ctx, app: App): Promise<void> {
  const obj = signedObject(ctx, app);
  if (!deviates(app.config, 'upload-headers-ignored')) {
    checkHeader(ctx, 'content-type', obj.mediaType);
    const enc = app.config.files.encryptionHeader;
    checkHeader(ctx, enc.name, enc.value);
  }
  const cap = deviates(app.config, 'upload-size-ignored') ? app.config.files.maxContentLength : obj.maxContentLength;
  const bytes = await readCapped(ctx, cap);
  if (!app.files.store(obj, bytes)) throw new HttpError(507, 'Storage capacity of the reference server is exhausted');
  sendBytes(ctx, 200, Buffer.alloc(0), { etag: `"${obj.leaf}-${bytes.length}"` });
}
