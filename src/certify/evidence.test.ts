import { describe, expect, it } from 'vitest';
import type { Exchange } from '../http/types.js';
import { describeExchange, joinEvidence, shortUrl } from './evidence.js';
import { tamper } from './probes/upload-flow.js';

const KEY = 'phk_0123456789abcdef0123456789abcdef';

function exchange(over: Partial<Exchange>): Exchange {
  return { method: 'GET', url: 'http://h/v1/runs/1', headers: {}, truncated: false, startedAtMs: 0, durationUs: 0, ...over };
}

describe('evidence', () => {
  it('keeps path and query, drops the origin and redacts signatures', () => {
    expect(shortUrl('http://127.0.0.1:9/_storage/t/library/a.txt?expires=1&sig=abcdef')).toBe('/_storage/t/library/a.txt?expires=1&sig=[redacted]');
  });

  it('describes an answer with a one-line excerpt and never a key', () => {
    const text = describeExchange(exchange({ status: 401, bodyText: `{"message":\n"bad key ${KEY}"}` }), [KEY]);
    expect(text).toBe('GET /v1/runs/1 → 401 {"message": "bad key [redacted]"}');
    expect(joinEvidence(['a', undefined, `b ${KEY}`], [])).toBe('a · b [redacted]');
  });

  it('describes a transport failure', () => {
    const text = describeExchange(exchange({ error: { category: 'refused', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' } }), []);
    expect(text).toBe('GET /v1/runs/1 → no answer: refused (ECONNREFUSED) connect ECONNREFUSED');
  });
});

describe('tamper', () => {
  it('changes one character of the longest query value (the signature)', () => {
    const url = 'http://h/_storage/k?expires=1700000000000&sig=' + 'f'.repeat(64);
    const forged = new URL(tamper(url));
    expect(forged.searchParams.get('expires')).toBe('1700000000000');
    expect(forged.searchParams.get('sig')).toBe(`${'f'.repeat(63)}a`);
  });

  it('changes the path when there is no query', () => {
    expect(tamper('http://h/upload/abc')).toBe('http://h/upload/abcx');
  });
});
