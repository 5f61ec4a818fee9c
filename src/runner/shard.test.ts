import { describe, expect, it } from 'vitest';
import { checkShard, checkStartAt, parseShard, parseStartAt } from './shard.js';

describe('shards', () => {
  it('parses i/N with 1 <= i <= N', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0', '-1/2']) expect(parseShard(bad)).toBeUndefined();
  });

  it('parses ISO times and epoch milliseconds', () => {
    expect(parseStartAt('2026-01-02T03:04:05Z')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(parseStartAt('1767323045000')).toBe(1767323045000);
    for (const bad of ['soon', '2026-01-02', '12', '2026-13-45T99:00:00Z']) expect(parseStartAt(bad)).toBeUndefined();
  });

  it('accepts a start up to 10 minutes ahead, or in the past', () => {
    const now = 1_000_000_000_000;
    expect(() => checkStartAt(now + 600_000, now)).not.toThrow();
    expect(() => checkStartAt(now - 5_000, now)).not.toThrow();
    expect(() => checkStartAt(now + 600_001, now)).toThrow(/at most 10 min ahead/);
  });

  it('maps a shard to a 0-based partition; refuses more shards than VUs or in-flight slots', () => {
    expect(checkShard(undefined, { model: 'closed', vus: 1 })).toEqual({ index: 0, count: 1 });
    expect(checkShard({ index: 2, count: 2 }, { model: 'closed', vus: 2, iterations: 4 })).toEqual({ index: 1, count: 2 });
    expect(() => checkShard({ index: 1, count: 3 }, { model: 'closed', vus: 2 })).toThrow(/3 shards cannot split 2 virtual users/);
    expect(() => checkShard({ index: 1, count: 3 }, { model: 'open', phases: [], maxInFlight: 2 })).toThrow(/maxInFlight 2/);
  });
});
