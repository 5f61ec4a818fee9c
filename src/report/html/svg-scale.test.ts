import { describe, expect, it } from 'vitest';
import { linearScale, niceMax, niceStep, niceTicks } from './svg-scale.js';
import { logDomain, logScale, logTicks, prefersLog } from './svg-log-scale.js';

describe('linearScale', () => {
  it('maps the domain onto the range, inverted ranges included (SVG y grows downward)', () => {
    const y = linearScale([0, 200], [250, 50]);
    expect(y(0)).toBe(250);
    expect(y(200)).toBe(50);
    expect(y(100)).toBe(150);
  });

  it('maps a zero-width domain to the range start instead of NaN', () => {
    expect(linearScale([5, 5], [10, 20])(5)).toBe(10);
  });
});

describe('nice ticks', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(100, 5)).toBe(20);
    expect(niceStep(7, 5)).toBe(2);
    expect(niceStep(0.3, 3)).toBeCloseTo(0.1);
  });

  it('rounds the maximum up to a step, and gives empty data an axis', () => {
    expect(niceMax(187)).toBe(200);
    expect(niceMax(10_002)).toBe(15_000);
    expect(niceMax(9_800)).toBe(10_000);
    expect(niceMax(0)).toBe(1);
    expect(niceMax(Number.NaN)).toBe(1);
  });

  it('lists ticks without float noise, ends included', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 200, 5)).toEqual([0, 50, 100, 150, 200]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(5, 1)).toEqual([]);
  });
});

describe('log scale', () => {
  it('spans whole decades around the positive values', () => {
    expect(logDomain([0, 2.5, 9_800])).toEqual([1, 10_000]);
    expect(logDomain([])).toEqual([1, 10]);
    expect(logDomain([100])).toEqual([100, 1000]);
  });

  it('puts each decade at equal distance and clamps non-positive values to the bottom', () => {
    const s = logScale([1, 1000], [300, 0]);
    expect(s(1)).toBe(300);
    expect(s(10)).toBeCloseTo(200);
    expect(s(1000)).toBeCloseTo(0);
    expect(s(0)).toBe(300);
  });

  it('ticks each decade, with 2 and 5 when the range is short', () => {
    expect(logTicks([1, 10_000])).toEqual([1, 10, 100, 1000, 10_000]);
    expect(logTicks([1, 100])).toEqual([1, 2, 5, 10, 20, 50, 100]);
  });

  it('prefers a log axis only when the tail dwarfs the median', () => {
    expect(prefersLog([10, 11, 12, 13, 10_000])).toBe(true);
    expect(prefersLog([10, 20, 30, 40, 150])).toBe(false);
    expect(prefersLog([5])).toBe(false);
  });
});
