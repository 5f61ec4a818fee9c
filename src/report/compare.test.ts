import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCES, compareReports, parseTolerances, renderCompareMarkdown, renderCompareText } from './compare.js';
import { syntheticReport } from './synthetic.js';

describe('compareReports', () => {
  const baseline = syntheticReport({ seed: 1, jitter: 0.1 });

  it('calls a 50 % slowdown a regression, with reasons', () => {
    const slow = syntheticReport({ seed: 2, jitter: 0.1, latencyScale: 1.5 });
    const cmp = compareReports(baseline, slow);
    expect(cmp.regressed).toBe(true);
    const step = cmp.steps.find((s) => s.step === 'create_run');
    expect(step?.p95.regressed).toBe(true);
    expect(step?.p95.changePct).toBeGreaterThan(35);
    expect(cmp.totals.p95.regressed).toBe(true);
    expect(cmp.reasons.some((r) => /^start_poll \/ create_run p95 \+\d+(\.\d)?% \(.+ ms, allowed \+\d+(\.\d)?%\)$/.test(r))).toBe(true);
  });

  it('does not call the same distribution with noise a regression', () => {
    for (const seed of [2, 3, 4]) {
      const again = syntheticReport({ seed, jitter: 0.1 });
      const cmp = compareReports(baseline, again);
      expect(cmp.reasons).toEqual([]);
      expect(cmp.regressed).toBe(false);
    }
  });

  it('widens the allowance by the baseline’s own interval-to-interval noise', () => {
    const noisy = syntheticReport({ seed: 5, jitter: 0.6, iterationsPerSec: 10 });
    const cmp = compareReports(noisy, syntheticReport({ seed: 6, jitter: 0.6, iterationsPerSec: 10, latencyScale: 1.15 }));
    const total = cmp.totals;
    expect(total.noise).toBeGreaterThan(0.05);
    expect(total.p95.allowed).toBeGreaterThan(DEFAULT_TOLERANCES.p95);
    expect(total.p95.regressed).toBe(false);
  });

  it('judges error rate in percentage points and throughput drops', () => {
    const errors = compareReports(baseline, syntheticReport({ seed: 2, jitter: 0.1, errorRate: 0.05 }));
    expect(errors.totals.errorRate.regressed).toBe(true);
    expect(errors.totals.errorRate.change).toBeGreaterThan(0.5);
    const slower = compareReports(baseline, syntheticReport({ seed: 2, jitter: 0.1, iterationsPerSec: 14 }));
    expect(slower.totals.rps.regressed).toBe(true);
    expect(slower.totals.rps.changePct).toBeCloseTo(-30, 0);
  });

  it('lists series present on one side only and does not judge tiny samples', () => {
    const cur = structuredClone(baseline);
    const flow = cur.flows[0];
    if (flow) flow.steps = flow.steps.slice(0, 2);
    const cmp = compareReports(baseline, cur);
    expect(cmp.onlyInBaseline).toEqual(['start_poll / get_result']);
    const tiny = compareReports(syntheticReport({ durationS: 1, iterationsPerSec: 5 }), syntheticReport({ durationS: 1, iterationsPerSec: 5, latencyScale: 3 }));
    expect(tiny.regressed).toBe(false);
    expect(tiny.steps.every((s) => !s.judged)).toBe(true);
  });

  it('renders text and Markdown', () => {
    const cmp = compareReports(baseline, syntheticReport({ seed: 2, jitter: 0.1, latencyScale: 1.5 }));
    const text = renderCompareText(cmp);
    expect(text).toContain('REGRESSED');
    expect(text).toContain('start_poll / create_run');
    const md = renderCompareMarkdown(cmp);
    expect(md.split('\n')[0]).toMatch(/^## phrony-harness compare: REGRESSED \(\d+ findings?\)$/);
    expect(md).toContain('| series | count | p50 ms | p95 ms | p99 ms | rps | error % |');
    expect(renderCompareText(compareReports(baseline, baseline))).toContain('NO REGRESSION');
  });
});

describe('parseTolerances', () => {
  it('reads the command-line form', () => {
    expect(parseTolerances('p95=10%,p99=20%,errors=0.5pp,rps=10%')).toEqual({ tolerances: { p95: 0.1, p99: 0.2, errorRatePp: 0.5, rps: 0.1 } });
    expect(parseTolerances('p50=30, noise=3, samples=50')).toEqual({ tolerances: { p50: 0.3, noiseK: 3, minSamples: 50 } });
  });
  it('refuses what it does not understand', () => {
    expect(parseTolerances('p97=1%')).toMatchObject({ error: expect.stringContaining('unknown tolerance') });
    expect(parseTolerances('p95=ten')).toMatchObject({ error: expect.stringContaining('bad tolerance') });
    expect(parseTolerances('errors=1%')).toMatchObject({ error: expect.stringContaining('percentage points') });
  });
});
