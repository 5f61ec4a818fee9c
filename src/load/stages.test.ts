import { describe, expect, it } from 'vitest';
import { stagesDurationMs, vusAt } from './stages.js';

describe('vusAt', () => {
  const stages = [
    { durationMs: 1000, target: 10 },
    { durationMs: 1000, target: 10 },
    { durationMs: 500, target: 0 },
  ];
  it('ramps linearly from the initial count through each stage', () => {
    expect(vusAt(0, stages, 0)).toBe(0);
    expect(vusAt(0, stages, 500)).toBe(5);
    expect(vusAt(0, stages, 1000)).toBe(10);
    expect(vusAt(0, stages, 1700)).toBe(10);
    expect(vusAt(0, stages, 2250)).toBe(5);
    expect(vusAt(0, stages, 9999)).toBe(0);
    expect(vusAt(4, [{ durationMs: 100, target: 2 }], 50)).toBe(3);
  });
  it('sums stage durations', () => {
    expect(stagesDurationMs(stages)).toBe(2500);
  });
});
