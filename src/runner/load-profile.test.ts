import { describe, expect, it } from 'vitest';
import type { ClosedLoad, OpenLoad } from '../suite/types.js';
import { effectiveLoad, peakConcurrency, usefulWorkers } from './load-profile.js';

describe('effectiveLoad', () => {
  const base: ClosedLoad = { model: 'closed', vus: 2, iterations: 10, stages: [{ durationMs: 1000, target: 8 }] };
  const open: OpenLoad = { model: 'open', phases: [{ durationMs: 1000, from: 10, to: 10 }, { durationMs: 2000, from: 10, to: 30 }], maxInFlight: 50 };

  it('keeps the suite profile without overrides', () => {
    expect(effectiveLoad(base, {})).toEqual(base);
    expect(effectiveLoad(open, {})).toEqual(open);
  });

  it('replaces VUs (dropping stages) and the stop condition', () => {
    expect(effectiveLoad(base, { vus: 5, durationMs: 3000 })).toEqual({ model: 'closed', vus: 5, durationMs: 3000 });
    expect(effectiveLoad({ model: 'closed', vus: 1, durationMs: 5000 }, { iterations: 3 })).toEqual({ model: 'closed', vus: 1, iterations: 3 });
  });

  it('--rate switches to one constant open phase for --duration (default 30 s)', () => {
    expect(effectiveLoad(base, { ratePerSec: 20 })).toEqual({ model: 'open', phases: [{ durationMs: 30_000, from: 20, to: 20 }], maxInFlight: 1000 });
    expect(effectiveLoad(open, { ratePerSec: 5, durationMs: 2000, maxInFlight: 7 })).toEqual({ model: 'open', phases: [{ durationMs: 2000, from: 5, to: 5 }], maxInFlight: 7 });
  });

  it('--duration cuts an open schedule mid-ramp, or holds its last rate', () => {
    expect(effectiveLoad(open, { durationMs: 2000 })).toMatchObject({ phases: [{ durationMs: 1000, from: 10, to: 10 }, { durationMs: 1000, from: 10, to: 20 }] });
    expect(effectiveLoad(open, { durationMs: 4000 })).toMatchObject({ phases: [open.phases[0], open.phases[1], { durationMs: 1000, from: 30, to: 30 }] });
  });

  it('--concurrency runs an open suite closed for the length of its phases', () => {
    expect(effectiveLoad(open, { vus: 3 })).toEqual({ model: 'closed', vus: 3, durationMs: 3000 });
  });

  it('refuses mixing the models', () => {
    expect(() => effectiveLoad(base, { ratePerSec: 5, vus: 2 })).toThrow(/--rate cannot be combined/);
    expect(() => effectiveLoad(base, { maxInFlight: 5, iterations: 2 })).toThrow(/open model only/);
    expect(() => effectiveLoad(open, { iterations: 2 })).toThrow(/needs virtual users/);
    expect(() => effectiveLoad(base, { maxInFlight: 5 })).toThrow(/add --rate N/);
    expect(effectiveLoad(open, { maxInFlight: 5 })).toMatchObject({ model: 'open', maxInFlight: 5 });
  });

  it('computes the peak VU count', () => {
    expect(peakConcurrency(base)).toBe(8);
    expect(peakConcurrency({ model: 'closed', vus: 0 })).toBe(1);
  });

  it('starts no more workers than there is load to share', () => {
    expect(usefulWorkers({ model: 'closed', vus: 1 }, 8, 1)).toBe(1);
    expect(usefulWorkers({ model: 'closed', vus: 3, iterations: 2 }, 8, 1)).toBe(2);
    expect(usefulWorkers({ model: 'closed', vus: 4, durationMs: 1000 }, 8, 2)).toBe(2);
    expect(usefulWorkers(open, 4, 1)).toBe(4);
    expect(usefulWorkers({ ...open, maxInFlight: 3 }, 4, 1)).toBe(3);
  });
});
