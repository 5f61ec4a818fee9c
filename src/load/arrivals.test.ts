import { describe, expect, it } from 'vitest';
import { ArrivalSchedule, totalArrivals, type Phase } from './arrivals.js';
import { composePartition, owns, shareOf } from './partition.js';

function times(phases: Phase[]): number[] {
  const s = new ArrivalSchedule(phases);
  const out: number[] = [];
  for (let j = 0; j < 100_000; j += 1) {
    const t = s.at(j);
    if (t === undefined) break;
    out.push(t);
  }
  return out;
}

describe('ArrivalSchedule', () => {
  it('spaces a constant rate exactly, first arrival at 0', () => {
    const t = times([{ durationMs: 1000, from: 10, to: 10 }]);
    expect(t).toHaveLength(10);
    t.forEach((v, j) => expect(v).toBeCloseTo(j * 100, 9));
  });

  it('holds the integral of a ramp and accelerates along it', () => {
    const phases = [{ durationMs: 2000, from: 0, to: 100 }];
    const t = times(phases);
    expect(t).toHaveLength(totalArrivals(phases));
    expect(t).toHaveLength(100);
    // A(t) = 25 t² (t in s): arrival j at sqrt(j / 25) s.
    t.forEach((v, j) => expect(v).toBeCloseTo(Math.sqrt(j / 25) * 1000, 6));
    expect((t[99] ?? 0) - (t[98] ?? 0)).toBeLessThan((t[2] ?? 0) - (t[1] ?? 0));
  });

  it('chains phases, including a ramp down and an idle phase', () => {
    const t = times([
      { durationMs: 1000, from: 4, to: 4 },
      { durationMs: 1000, from: 0, to: 0 },
      { durationMs: 1000, from: 4, to: 0 },
    ]);
    expect(t.slice(0, 4)).toEqual([0, 250, 500, 750]);
    expect(t).toHaveLength(6);
    expect(t[4]).toBeCloseTo(2000, 9);
    expect(t[5] ?? 0).toBeGreaterThan(2000);
    expect(t[5] ?? 0).toBeLessThan(3000);
  });

  it('partitions of any count rebuild the single schedule exactly', () => {
    const phases = [{ durationMs: 1500, from: 7, to: 31 }];
    const whole = times(phases);
    for (const count of [2, 3, 5]) {
      const union: Array<[number, number]> = [];
      for (let index = 0; index < count; index += 1) {
        const s = new ArrivalSchedule(phases);
        const part = { index, count };
        let n = 0;
        for (let j = 0; j < whole.length; j += 1) if (owns(part, j)) union.push([j, s.at(j) ?? NaN]), (n += 1);
        expect(n).toBe(shareOf(part, whole.length));
      }
      union.sort((a, b) => a[0] - b[0]);
      expect(union.map((u) => u[1])).toEqual(whole);
    }
  });

  it('composes shards and workers into one partition', () => {
    const seen = new Map<number, string>();
    for (let s = 0; s < 2; s += 1) {
      for (let w = 0; w < 3; w += 1) {
        const p = composePartition({ index: s, count: 2 }, w, 3);
        for (let j = 0; j < 60; j += 1) if (owns(p, j)) seen.set(j, `${s}.${w}`);
        expect(shareOf(p, 60)).toBe(10);
      }
    }
    expect(seen.size).toBe(60);
  });
});
