import { describe, expect, it } from 'vitest';
import { generatedBody } from './generate.js';

async function drain(size: number, pattern: 'random' | 'zeros' | 'text'): Promise<{ total: number; chunks: number; biggest: number; sample: Buffer }> {
  let total = 0;
  let chunks = 0;
  let biggest = 0;
  let sample = Buffer.alloc(0);
  for await (const chunk of generatedBody(size, pattern)) {
    const b = chunk as Buffer;
    if (chunks === 0) sample = Buffer.from(b.subarray(0, 32));
    total += b.length;
    chunks += 1;
    biggest = Math.max(biggest, b.length);
  }
  return { total, chunks, biggest, sample };
}

describe('generatedBody', () => {
  it('streams exactly the size asked for, in bounded chunks', async () => {
    const r = await drain(1_000_000, 'random');
    expect(r.total).toBe(1_000_000);
    expect(r.biggest).toBeLessThanOrEqual(64 * 1024);
    expect(r.chunks).toBe(Math.ceil(1_000_000 / 65536));
  });
  it('produces the requested pattern', async () => {
    expect((await drain(100, 'zeros')).sample.every((b) => b === 0)).toBe(true);
    expect((await drain(100, 'text')).sample.toString()).toMatch(/^phrony-harness generated upload/);
    expect((await drain(0, 'text')).total).toBe(0);
  });
});
