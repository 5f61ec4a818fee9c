import { describe, expect, it } from 'vitest';
import type { ClosedLoad } from '../suite/types.js';
import { effectiveLoad, peakVus } from './load-profile.js';

describe('effectiveLoad', () => {
  const base: ClosedLoad = { model: 'closed', vus: 2, iterations: 10, stages: [{ durationMs: 1000, target: 8 }] };
  it('keeps the suite profile without overrides', () => {
    expect(effectiveLoad(base, {})).toEqual(base);
  });
  it('replaces VUs (dropping stages) and the stop condition', () => {
    expect(effectiveLoad(base, { vus: 5, durationMs: 3000 })).toEqual({ model: 'closed', vus: 5, durationMs: 3000 });
    expect(effectiveLoad({ model: 'closed', vus: 1, durationMs: 5000 }, { iterations: 3 })).toEqual({ model: 'closed', vus: 1, iterations: 3 });
  });
  it('computes the peak VU count', () => {
    expect(peakVus(base)).toBe(8);
    expect(peakVus({ model: 'closed', vus: 0 })).toBe(1);
  });
});
