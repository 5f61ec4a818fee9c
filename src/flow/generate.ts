/**
 * Upload bytes generated on the fly, chunk by chunk: a load test with many virtual users
 * uploading large files must not hold a whole file in memory per user.
 */
import { randomFillSync } from 'node:crypto';
import { Readable } from 'node:stream';

/** Size of each generated chunk. */
const CHUNK = 64 * 1024;
const zeros = Buffer.alloc(CHUNK);
const text = Buffer.from(
  'phrony-harness generated upload: the quick brown fox jumps over the lazy dog 0123456789\n'.repeat(
    Math.ceil(CHUNK / 88),
  ),
).subarray(0, CHUNK);

function* chunks(sizeBytes: number, pattern: 'random' | 'zeros' | 'text'): Generator<Buffer> {
  for (let left = sizeBytes; left > 0; left -= CHUNK) {
    const n = Math.min(CHUNK, left);
    if (pattern === 'random') yield randomFillSync(Buffer.allocUnsafe(n));
    else yield (pattern === 'zeros' ? zeros : text).subarray(0, n);
  }
}

/** A stream of exactly `sizeBytes` bytes of the given pattern. */
export function generatedBody(sizeBytes: number, pattern: 'random' | 'zeros' | 'text'): Readable {
  return Readable.from(chunks(sizeBytes, pattern), { objectMode: false });
}
