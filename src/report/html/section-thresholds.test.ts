import { describe, expect, it } from 'vitest';
import { thresholdActual, thresholdUnit } from './section-thresholds.js';

const base = { passed: true, abortOnFail: false, aborted: false };

describe('threshold values', () => {
  it('use the unit the report gives', () => {
    expect(thresholdActual({ ...base, metric: 'http.latency', expression: 'p(95) < 2s', actual: 88.4321, unit: 'ms' })).toBe('88.43 ms');
    expect(thresholdActual({ ...base, metric: 'http.errors', expression: 'rate < 1%', actual: 3.1, unit: '%' })).toBe('3.1 %');
    expect(thresholdActual({ ...base, metric: 'iterations', expression: 'count > 10', actual: 12, unit: 'count' })).toBe('12');
  });

  it('infer the unit for reports written without one', () => {
    expect(thresholdUnit({ metric: 'flow.f.duration', expression: 'p(99) < 400ms' })).toBe(' ms');
    expect(thresholdUnit({ metric: 'checks', expression: 'rate > 99%' })).toBe(' %');
    expect(thresholdUnit({ metric: 'step.poll.attempts', expression: 'max < 10' })).toBe('');
    expect(thresholdUnit({ metric: 'http.latency', expression: 'count > 100' })).toBe('');
  });

  it('say when there was nothing to measure', () => {
    expect(thresholdActual({ ...base, metric: 'm', expression: 'avg < 1', actual: null })).toContain('no data');
  });
});
