/** E8 presign and E9 finalize (phrony-api.md §7). */
import type { App } from './app.js';
import { authenticate } from './app.js';
import type { Ctx } from './http-io.js';
import { HttpError, requireJsonObject, sendJson } from './http-io.js';
import type { KeyRecord } from './model.js';
import { deviates } from './deviations.js';

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

function uploader(ctx: Ctx, app: App): KeyRecord {
  const key = authenticate(ctx, app);
  if (!key.allowUploads && !deviates(app.config, 'uploads-flag-ignored')) throw new HttpError(403, 'This API key does not allow file uploads');
  return key;
}

function positiveInt(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new HttpError(400, `${name} must be a positive integer`);
  return v;
}

function checkMediaType(app: App, v: unknown): string {
  if (typeof v !== 'string' || v.length > 255) throw new HttpError(400, 'mediaType must be a string of at most 255 characters');
  const base = (v.split(';')[0] ?? '').trim().toLowerCase();
  if (!MEDIA_TYPE.test(base)) throw new HttpError(400, 'mediaType is not a valid media type');
  if (app.config.files.blockedMediaTypes.includes(base)) throw new HttpError(400, `mediaType ${base} is not allowed`);
  return v;
}

export async function presign(ctx: Ctx, app: App): Promise<void> {
  const key = uploader(ctx, app);
  const body = await requireJsonObject(ctx, app.config.maxBodyBytes);
  const filename = body['filename'];
  if (typeof filename !== 'string' || filename.length < 1 || filename.length > 512) {
    throw new HttpError(400, 'filename must be a string of 1 to 512 characters');
  }
  const mediaType = checkMediaType(app, body['mediaType']);
  const max = positiveInt(body['maxContentLength'], 'maxContentLength');
  if (max > app.config.files.maxContentLength) {
    throw new HttpError(400, `maxContentLength exceeds the limit of ${app.config.files.maxContentLength} bytes`);
  }
  sendJson(ctx, 200, app.files.presign(key.tenantId, filename, mediaType, max, app.baseUrl, Date.now()));
}

/** Rejects anything but `<tenant>/library/<leaf>` made of plain characters (no traversal, no encoding). */
function checkObjectKey(v: unknown, key: KeyRecord): string {
  if (typeof v !== 'string' || v.length < 1 || v.length > 1024) throw new HttpError(400, 'objectKey must be a string of 1 to 1024 characters');
  const parts = v.split('/');
  const plain = /^[A-Za-z0-9._-]+$/;
  if (v.includes('..') || parts.length !== 3 || parts.some((p) => !plain.test(p)) || parts[1] !== 'library') {
    throw new HttpError(400, 'objectKey is not a valid library key');
  }
  if (parts[0] !== key.tenantId) throw new HttpError(403, 'objectKey belongs to another workspace');
  return v;
}

export async function finalize(ctx: Ctx, app: App): Promise<void> {
  const key = uploader(ctx, app);
  const body = await requireJsonObject(ctx, app.config.maxBodyBytes);
  const objectKey = checkObjectKey(body['objectKey'], key);
  const max = positiveInt(body['maxContentLength'], 'maxContentLength');
  for (const field of ['filename', 'mediaType']) {
    if (body[field] !== undefined && typeof body[field] !== 'string') throw new HttpError(400, `${field} must be a string`);
  }
  const obj = app.files.objects.get(objectKey);
  if (obj === undefined || obj.bytes === null) throw new HttpError(404, 'No uploaded object with this objectKey');
  if (obj.bytes.length > max && !deviates(app.config, 'upload-size-ignored')) throw new HttpError(400, `Uploaded object (${obj.bytes.length} bytes) is larger than maxContentLength`);
  const alreadyFinalized = app.files.finalize(obj) && !deviates(app.config, 'finalize-not-idempotent');
  const sizeBytes = deviates(app.config, 'finalize-size-number') ? obj.bytes.length : String(obj.bytes.length);
  sendJson(ctx, 200, { objectKey, sizeBytes, alreadyFinalized });
}
