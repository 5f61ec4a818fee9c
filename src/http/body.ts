import type { Readable } from 'node:stream';

/** What was kept of a response body. */
export interface BodyRead {
  /** The first `maxBytes` bytes. */
  bytes: Buffer;
  /** Every byte received, kept or not. */
  totalBytes: number;
  truncated: boolean;
}

/** How to treat the part of a body beyond the cap. */
export type Overflow =
  /** Read and discard it, so the connection can be reused (normal responses). */
  | 'drain'
  /** Stop reading and close the connection (bodies that may never end, e.g. a mistyped stream). */
  | 'destroy';

const EMPTY = Buffer.alloc(0);

/** A body held in memory (or none), as opposed to a stream: it can be sent, and sent again, as bytes. */
export function isBufferedBody(body: unknown): body is string | Uint8Array | undefined {
  return body === undefined || typeof body === 'string' || body instanceof Uint8Array;
}

/**
 * Reads a body incrementally, keeping at most `maxBytes`. Listens to `data` rather than async
 * iteration: on the hot path of a load generator the iterator's promise per chunk is measurable.
 * Rejects with the stream's error (reset, abort, timeout) so the caller can categorise it.
 */
export function readBody(body: Readable, maxBytes: number, overflow: Overflow = 'drain'): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let total = 0;
    let truncated = false;
    let settled = false;
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      // Past the cap a 'destroy' read closes the stream itself: whatever follows is expected.
      if (err === undefined || (truncated && overflow === 'destroy')) {
        resolve({ bytes: concat(chunks, kept), totalBytes: total, truncated });
      } else {
        reject(err);
      }
    };
    body.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (truncated) return;
      const room = maxBytes - kept;
      if (chunk.length <= room) {
        chunks.push(chunk);
        kept += chunk.length;
        return;
      }
      // Copy the kept slice so the rest of the chunk can be collected.
      if (room > 0) chunks.push(Buffer.from(chunk.subarray(0, room)));
      kept = maxBytes;
      truncated = true;
      if (overflow === 'destroy') {
        finish();
        body.destroy();
      }
    });
    // Plain listeners rather than stream.finished(): fewer of them, on every response.
    body.once('end', () => finish());
    body.once('error', (err) => finish(err));
    body.once('close', () => {
      if (!settled) finish(Object.assign(new Error('response body closed before its end'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    });
  });
}

function concat(chunks: Buffer[], length: number): Buffer {
  if (chunks.length === 0) return EMPTY;
  if (chunks.length === 1) return chunks[0] as Buffer;
  return Buffer.concat(chunks, length);
}

/** The last Content-Type asked about and the answer: a target sends the same one over and over. */
let lastType: { contentType: string | undefined; json: boolean } = { contentType: undefined, json: false };

/** `application/json` and every `+json` media type (problem+json, vnd.api+json …). */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === lastType.contentType) return lastType.json;
  const media = mediaType(contentType);
  const json = media === 'application/json' || media.endsWith('+json');
  lastType = { contentType, json };
  return json;
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  if (!contentType) return '';
  const semi = contentType.indexOf(';');
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}
