import { describe, expect, it } from 'vitest';
import { computeVerdict } from './verdict.js';
import type { VerdictInput } from './verdict.js';
import { syntheticReport } from './synthetic.js';
import type { ThresholdResult } from './model.js';

const base = syntheticReport({ durationS: 2 });

function input(over: {
  status?: 'completed' | 'interrupted' | 'aborted';
  unreachable?: boolean;
  thresholdFailed?: boolean;
  checksFailed?: boolean;
  flowFailed?: boolean;
  notCertified?: boolean;
}): VerdictInput {
  const r: VerdictInput = structuredClone({
    run: base.run,
    totals: base.totals,
    flows: base.flows,
    thresholds: base.thresholds,
    target: base.target,
  });
  if (over.status) r.run.status = over.status;
  if (over.unreachable) r.totals.errors = { refused: r.totals.requests };
  const t: ThresholdResult = { metric: 'http.latency', expression: 'p(95) < 1ms', passed: !over.thresholdFailed, actual: 12.5, unit: 'ms', abortOnFail: false, aborted: false };
  r.thresholds = [t];
  if (over.checksFailed) {
    r.totals.checks = { passed: 388, failed: 12 };
    const step = r.flows[0]?.steps[1];
    if (step) step.checks = [{ name: 'status', passed: 388, failed: 12 }];
  }
  const flow = r.flows[0];
  if (flow && over.flowFailed) flow.failed = 3;
  if (over.notCertified) {
    r.certification = {
      verdict: 'NOT CERTIFIED',
      requirements: [{ id: 'RUN-1', statement: 'x', level: 'MUST', section: 'runs', status: 'fail' }],
    };
  }
  return r;
}

describe('computeVerdict precedence', () => {
  const table: Array<[string, Parameters<typeof input>[0], number]> = [
    ['clean run', {}, 0],
    ['checks failed', { checksFailed: true }, 1],
    ['flows failed', { flowFailed: true }, 1],
    ['certification failed', { notCertified: true }, 1],
    ['thresholds beat checks', { thresholdFailed: true, checksFailed: true }, 3],
    ['unreachable beats thresholds', { unreachable: true, thresholdFailed: true, checksFailed: true }, 5],
    ['aborted beats thresholds', { status: 'aborted', thresholdFailed: true }, 5],
    ['interrupted beats everything', { status: 'interrupted', unreachable: true, thresholdFailed: true, checksFailed: true }, 130],
  ];
  for (const [name, over, code] of table) {
    it(`${name} → ${code}`, () => {
      const v = computeVerdict(input(over));
      expect(v.exitCode).toBe(code);
      expect(v.passed).toBe(code === 0);
      expect(v.reasons.length > 0).toBe(code !== 0);
    });
  }

  it('explains in words', () => {
    const v = computeVerdict(input({ checksFailed: true, thresholdFailed: true, unreachable: true }));
    expect(v.reasons).toContain('12 of 400 checks failed (step wait_done: status)');
    expect(v.reasons.some((r) => r.startsWith('threshold http.latency: p(95) < 1ms failed (actual 12.5)'))).toBe(true);
    expect(v.reasons.some((r) => r.includes('target unreachable') && r.includes(base.target.baseUrl))).toBe(true);
  });

  it('does not call a run with no requests unreachable', () => {
    const r = input({});
    r.totals.requests = 0;
    r.totals.errors = {};
    expect(computeVerdict(r).exitCode).toBe(0);
  });
});
