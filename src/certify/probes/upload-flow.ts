/**
 * The documented upload flow (§9 Flow 2) for probes: presign, PUT the bytes with exactly the
 * required headers, finalize. Each step's exchange is returned for evidence.
 */
import type { Exchange } from '../../http/types.js';
import type { ProbeContext } from '../context.js';
import { jsonObject } from '../context.js';
import { ok2xx } from './runs.js';

export interface Presigned {
  ex: Exchange;
  objectKey?: string;
  uploadUrl?: string;
  requiredHeaders?: Record<string, string>;
  expiresInSeconds?: number;
}

export async function presign(ctx: ProbeContext, filename: string, mediaType: string, maxContentLength: number): Promise<Presigned> {
  const ex = await ctx.call({ method: 'POST', path: '/v1/file-library/presign', json: { filename, mediaType, maxContentLength } });
  const b = jsonObject(ex);
  if (!ok2xx(ex) || b === undefined) return { ex };
  const headers = b['requiredHeaders'];
  const stringHeaders: Record<string, string> = {};
  if (typeof headers === 'object' && headers !== null) {
    for (const [k, v] of Object.entries(headers)) if (typeof v === 'string') stringHeaders[k] = v;
  }
  return {
    ex,
    ...(typeof b['objectKey'] === 'string' ? { objectKey: b['objectKey'] } : {}),
    ...(typeof b['uploadUrl'] === 'string' ? { uploadUrl: b['uploadUrl'] } : {}),
    requiredHeaders: stringHeaders,
    ...(typeof b['expiresInSeconds'] === 'number' ? { expiresInSeconds: b['expiresInSeconds'] } : {}),
  };
}

/** PUT to `url` (no API key: it is object storage) with the given headers. */
export function put(ctx: ProbeContext, url: string, bytes: Uint8Array, headers: Record<string, string>): Promise<Exchange> {
  return ctx.call({ method: 'PUT', path: url, key: null, raw: bytes, headers: { ...headers } });
}

export function finalize(ctx: ProbeContext, objectKey: string, maxContentLength: number, filename: string, mediaType: string): Promise<Exchange> {
  return ctx.call({ method: 'POST', path: '/v1/file-library/finalize', json: { objectKey, maxContentLength, filename, mediaType } });
}

export type Uploaded = { ok: true; objectKey: string; evidence: string } | { ok: false; evidence: string };

/** Presign → PUT → finalize; on failure the evidence names the step that failed. */
export async function uploadFile(ctx: ProbeContext, filename: string, mediaType: string, bytes: Uint8Array): Promise<Uploaded> {
  const p = await presign(ctx, filename, mediaType, bytes.length);
  if (p.objectKey === undefined || p.uploadUrl === undefined) return { ok: false, evidence: ctx.evidence('presign failed', ctx.describe(p.ex)) };
  const stored = await put(ctx, p.uploadUrl, bytes, p.requiredHeaders ?? {});
  if (!ok2xx(stored)) return { ok: false, evidence: ctx.evidence('upload PUT failed', ctx.describe(stored)) };
  const fin = await finalize(ctx, p.objectKey, bytes.length, filename, mediaType);
  if (!ok2xx(fin)) return { ok: false, evidence: ctx.evidence('finalize failed', ctx.describe(fin)) };
  return { ok: true, objectKey: p.objectKey, evidence: ctx.describe(fin) };
}

/** The URL with one character of its signature changed (the longest query value, else the path). */
export function tamper(url: string): string {
  const u = new URL(url);
  let longest: [string, string] | undefined;
  for (const [k, v] of u.searchParams) if (longest === undefined || v.length > longest[1].length) longest = [k, v];
  if (longest !== undefined && longest[1].length > 0) {
    const [k, v] = longest;
    const last = v.slice(-1);
    u.searchParams.set(k, `${v.slice(0, -1)}${last === 'a' ? 'b' : 'a'}`);
    return u.href;
  }
  u.pathname = `${u.pathname}x`;
  return u.href;
}
