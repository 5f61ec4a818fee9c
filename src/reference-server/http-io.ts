/**
 * Request/response plumbing: the per-request context, JSON answers (where injected faults that
 * corrupt or drop an answer take effect), the JSON error body, and bounded body reading.
 */
import { STATUS_CODES } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FaultMode } from './faults.js';

/** A handled failure: becomes `{statusCode, message, error}` with this status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: OutgoingHttpHeaders = {},
  ) {
    super(message);
  }
}

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Path without the query string. */
  path: string;
  /** Raw query string without '?', or ''. */
  query: string;
  /** Fault picked for this request ('none' almost always). */
  fault: FaultMode;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Serialized error body. */
export function errorBody(status: number, message: string): Buffer {
  return Buffer.from(JSON.stringify({ statusCode: status, message, error: STATUS_CODES[status] ?? 'Error' }));
}

/** Sends JSON bytes, applying an injected `invalidJson` or `drop` fault. */
export function sendBytes(ctx: Ctx, status: number, body: Buffer, headers: OutgoingHttpHeaders = {}): void {
  const { res } = ctx;
  if (res.headersSent || res.destroyed) return;
  if (ctx.fault === 'invalidJson') {
    const cut = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
    res.writeHead(status, { ...headers, 'content-type': JSON_TYPE, 'content-length': cut.length });
    res.end(cut);
    return;
  }
  if (ctx.fault === 'drop') {
    // Promise the full length, send half, then cut the connection: a mid-response drop.
    res.writeHead(status, { ...headers, 'content-type': JSON_TYPE, 'content-length': body.length });
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
    return;
  }
  res.writeHead(status, { ...headers, 'content-type': JSON_TYPE, 'content-length': body.length });
  res.end(body);
}

export function sendJson(ctx: Ctx, status: number, value: unknown, headers: OutgoingHttpHeaders = {}): void {
  sendBytes(ctx, status, Buffer.from(JSON.stringify(value)), headers);
}

export function sendError(ctx: Ctx, status: number, message: string, headers: OutgoingHttpHeaders = {}): void {
  sendBytes(ctx, status, errorBody(status, message), headers);
}

/** True for application/json and any +json type (parameters ignored). */
export function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const type = (value.split(';')[0] ?? '').trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/**
 * Reads the body up to `limit` bytes. Past the limit it stops reading and throws 413; the
 * connection is closed after the answer so the unread rest is never consumed.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, `Request body exceeds ${limit} bytes`, { connection: 'close' });
}

type JsonObject = Record<string, unknown>;

/**
 * Reads an optional JSON object body: empty → null; non-JSON content type → 415; malformed
 * JSON → 400; JSON that is not an object → 400.
 */
export async function readJsonObject(ctx: Ctx, limit: number): Promise<JsonObject | null> {
  const raw = await readBody(ctx.req, limit);
  if (raw.length === 0) return null;
  if (!isJsonContentType(ctx.req.headers['content-type'])) {
    throw new HttpError(415, 'Content-Type must be application/json');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'Malformed JSON body');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, 'Request body must be a JSON object');
  }
  return parsed as JsonObject;
}

/** Like readJsonObject, but an empty body is a 400. */
export async function requireJsonObject(ctx: Ctx, limit: number): Promise<JsonObject> {
  const body = await readJsonObject(ctx, limit);
  if (body === null) throw new HttpError(400, 'Request body is required');
  return body;
}
