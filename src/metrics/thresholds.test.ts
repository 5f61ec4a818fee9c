import { describe, expect, it } from 'vitest';
import { checkAbort, evaluateThresholds } from './thresholds.js';
import { createRecorder } from './registry.js';
import type { ThresholdCondition, ThresholdSpec } from '../suite/types.js';

const START = Date.UTC(2026, 0, 1);

function spec(metric: string, condition: ThresholdCondition, extra: Partial<ThresholdSpec> = {}): ThresholdSpec {
  return {
    metric,
    expression: `${condition.aggregate}${condition.percentile ?? ''} ${condition.op} ${condition.value}`,
    condition,
    abortOnFail: false,
    delayAbortEvalMs: 0,
    loc: { file: 's.yaml', line: 1, col: 1 },
    ...extra,
  };
}

function snapshot() {
  const rec = createRecorder({ startMs: START });
  rec.declareFlow('f', [{ name: 'a', kind: 'request' }, { name: 'idle', kind: 'request' }, { name: 'p', kind: 'poll' }]);
  // latencies 1..100 ms; 10 errors; 95 checks pass, 5 fail
  for (let i = 1; i <= 100; i++) {
    rec.exchange({ flow: 'f', step: 'a' }, { latencyUs: i * 1000, status: 200, startedAtMs: START + i, ...(i <= 10 ? { error: 'timeout' as const } : {}) });
    rec.check({ flow: 'f', step: 'a' }, { name: 'status', passed: i > 5 });
  }
  rec.measure({ flow: 'f', step: 'p' }, 'attempts', 3, START);
  rec.flow('f', { durationUs: 2_000_000, ok: true, startedAtMs: START });
  rec.flow('f', { durationUs: 4_000_000, ok: false, startedAtMs: START });
  rec.dropped('f', START);
  return rec.snapshot();
}

describe('evaluateThresholds', () => {
  const snap = snapshot();
  const cases: Array<[string, ThresholdCondition, boolean, number | null]> = [
    ['step.a.latency', { aggregate: 'p', percentile: 95, op: '<', value: 96_000 }, true, 95],
    ['step.a.latency', { aggregate: 'p', percentile: 95, op: '<', value: 90_000 }, false, 95],
    ['step.a.latency', { aggregate: 'avg', op: '<=', value: 50_600 }, true, 50.5],
    ['step.a.latency', { aggregate: 'min', op: '>=', value: 1000 }, true, 1],
    ['step.a.latency', { aggregate: 'max', op: '>', value: 100_200 }, false, 100],
    ['step.a.latency', { aggregate: 'count', op: '==', value: 100 }, true, 100],
    ['step.a.latency', { aggregate: 'count', op: '!=', value: 100 }, false, 100],
    ['http.latency', { aggregate: 'p', percentile: 50, op: '<', value: 60_000 }, true, 50],
    ['flow.f.duration', { aggregate: 'max', op: '<', value: 3_000_000 }, false, 4000],
    ['http.requests', { aggregate: 'count', op: '>=', value: 100 }, true, 100],
    ['iterations', { aggregate: 'count', op: '==', value: 2 }, true, 2],
    ['dropped', { aggregate: 'count', op: '<', value: 1 }, false, 1],
    ['http.errors', { aggregate: 'rate', op: '<', value: 0.05 }, false, 10],
    ['http.errors', { aggregate: 'rate', op: '<=', value: 0.1 }, true, 10],
    ['checks', { aggregate: 'rate', op: '>', value: 0.9 }, true, 95],
    ['flows.failed', { aggregate: 'rate', op: '<', value: 0.01 }, false, 50],
    ['step.p.attempts', { aggregate: 'max', op: '<=', value: 3 }, true, 3],
  ];
  for (const [metric, cond, passed, actual] of cases) {
    it(`${metric} ${cond.aggregate}${cond.percentile ?? ''} ${cond.op} ${cond.value} → ${passed ? 'pass' : 'fail'} (${actual})`, () => {
      const [r] = evaluateThresholds([spec(metric, cond)], snap);
      expect(r?.passed).toBe(passed);
      if (actual === null) expect(r?.actual).toBeNull();
      // HDR keeps 3 significant digits: values are exact to 0.1 %.
      else expect(Math.abs((r?.actual ?? Infinity) - actual)).toBeLessThanOrEqual(Math.max(0.5, actual * 0.001));
    });
  }

  it('reports units: ms for durations, % for rates, counts as is', () => {
    const r = evaluateThresholds(
      [spec('http.latency', { aggregate: 'p', percentile: 99, op: '<', value: 1e9 }), spec('checks', { aggregate: 'rate', op: '>', value: 0 }), spec('iterations', { aggregate: 'count', op: '>', value: 0 })],
      snap,
    );
    expect(r.map((x) => x.unit)).toEqual(['ms', '%', 'count']);
  });

  it('fails with actual null for an unknown metric, an empty metric or an aggregate that does not apply', () => {
    const results = evaluateThresholds(
      [
        spec('step.nosuch.latency', { aggregate: 'p', percentile: 95, op: '<', value: 1e9 }),
        spec('step.idle.latency', { aggregate: 'p', percentile: 95, op: '<', value: 1e9 }),
        spec('stream.first_event', { aggregate: 'avg', op: '<', value: 1e9 }),
        spec('http.requests', { aggregate: 'p', percentile: 95, op: '<', value: 1e9 }),
        spec('nonsense', { aggregate: 'count', op: '>=', value: 0 }),
      ],
      snap,
    );
    for (const r of results) expect(r).toMatchObject({ passed: false, actual: null });
    // count of an empty metric is 0, a real value.
    const [empty] = evaluateThresholds([spec('step.idle.latency', { aggregate: 'count', op: '==', value: 0 })], snap);
    expect(empty).toMatchObject({ passed: true, actual: 0 });
  });
});

describe('checkAbort', () => {
  const snap = snapshot();
  const failing = spec('http.errors', { aggregate: 'rate', op: '<', value: 0.01 }, { abortOnFail: true, delayAbortEvalMs: 10_000 });
  it('waits for delayAbortEvalMs', () => {
    expect(checkAbort([failing], snap, 5_000)).toBeUndefined();
    expect(checkAbort([failing], snap, 10_000)).toMatchObject({ metric: 'http.errors', passed: false, aborted: true, abortOnFail: true });
  });
  it('ignores thresholds without abortOnFail, passing ones, and metrics without data yet', () => {
    const noAbort = { ...failing, abortOnFail: false };
    const passing = spec('http.errors', { aggregate: 'rate', op: '<', value: 0.5 }, { abortOnFail: true });
    const noData = spec('stream.first_event', { aggregate: 'p', percentile: 95, op: '<', value: 1 }, { abortOnFail: true });
    expect(checkAbort([noAbort, passing, noData], snap, 60_000)).toBeUndefined();
  });
});
