import { describe, expect, it } from 'vitest';
import { knownMetrics, parseThresholdExpression } from './threshold.js';
import { loadSuiteText } from './load.js';

describe('parseThresholdExpression: the grammar table', () => {
  it.each([
    ['p(95) < 2s', undefined, { aggregate: 'p', percentile: 95, op: '<', value: 2_000_000 }],
    ['p(99.9)<=300ms', undefined, { aggregate: 'p', percentile: 99.9, op: '<=', value: 300_000 }],
    ['  avg   >   250us ', undefined, { aggregate: 'avg', op: '>', value: 250 }],
    ['min >= 1m', undefined, { aggregate: 'min', op: '>=', value: 60_000_000 }],
    ['max == 5µs', undefined, { aggregate: 'max', op: '==', value: 5 }],
    ['count != 0', undefined, { aggregate: 'count', op: '!=', value: 0 }],
    ['rate < 1%', undefined, { aggregate: 'rate', op: '<', value: 0.01 }],
    ['rate > 99.9%', undefined, { aggregate: 'rate', op: '>', value: 0.999 }],
    ['rate < 0.05', undefined, { aggregate: 'rate', op: '<', value: 0.05 }],
    ['p(100) < 2', undefined, { aggregate: 'p', percentile: 100, op: '<', value: 2 }],
    ['p(90) < 2', 'duration', { aggregate: 'p', percentile: 90, op: '<', value: 2_000 }],
    ['count > 10', 'duration', { aggregate: 'count', op: '>', value: 10 }],
    ['avg <= 3', 'count', { aggregate: 'avg', op: '<=', value: 3 }],
    ['rate >= 100%', 'rate', { aggregate: 'rate', op: '>=', value: 1 }],
    ['count < 10', 'rate', { aggregate: 'count', op: '<', value: 10 }],
  ] as const)('%j (%s)', (text, kind, condition) => {
    expect(parseThresholdExpression(text, kind)).toEqual(condition);
  });

  it.each([
    ['', undefined, 'expected an aggregate (p(N), avg, min, max, count, rate), got nothing', 1],
    ['med < 2s', undefined, 'expected an aggregate (p(N), avg, min, max, count, rate), got "med"', 1],
    ['p(0) < 2s', undefined, 'percentile must be a number with 0 < N <= 100, got "0"', 3],
    ['p(101) < 2s', undefined, 'percentile must be a number with 0 < N <= 100, got "101"', 3],
    ['p() < 2s', undefined, 'percentile must be a number with 0 < N <= 100, got ""', 3],
    ['avg 2s', undefined, 'expected an operator (<, <=, >, >=, ==, !=), got "2s"', 5],
    ['avg =< 2s', undefined, 'expected an operator (<, <=, >, >=, ==, !=), got "=<"', 5],
    ['avg <', undefined, 'expected a number with an optional unit (us, ms, s, m, %), got nothing', 6],
    ['avg < fast', undefined, 'expected a number with an optional unit (us, ms, s, m, %), got "fast"', 7],
    ['avg < 2h', undefined, 'expected a number with an optional unit (us, ms, s, m, %), got "2h"', 7],
    ['avg < 2s and more', undefined, 'unexpected "and more" after the value', 10],
    ['avg < 5%', undefined, '"%" applies to the "rate" aggregate only', 7],
    ['rate < 2s', undefined, 'a rate takes a percentage or a fraction, not "s"', 8],
    ['rate < 150%', undefined, 'a rate is a fraction from 0 to 1 or a percentage from 0% to 100%', 8],
    ['rate < 2', undefined, 'a rate is a fraction from 0 to 1 or a percentage from 0% to 100%', 8],
    ['p(95) < 1%', 'rate', 'a rate metric takes "rate" (or "count" of its hits), not "p"', 1],
    ['count < 1%', 'rate', '"%" applies to the "rate" aggregate only', 9],
    ['rate < 1%', 'duration', '"rate" applies to rate metrics only; this is a duration metric', 1],
    ['count > 2s', 'count', 'a count takes a plain number, not "s"', 9],
    ['count > 2s', 'duration', 'a count takes a plain number, not "s"', 9],
  ] as const)('%j (%s) → %s at column %d', (text, kind, error, col) => {
    expect(parseThresholdExpression(text, kind)).toEqual({ error, col });
  });
});

describe('knownMetrics', () => {
  const yaml = (load: string): string => `name: m
${load}
flows:
  - name: main
    steps:
      - { name: start, request: { path: /a }, capture: { runId: /runId } }
      - { name: wait, poll: { request: { path: "/r/\${{ runId }}" }, until: { path: /s, equals: done } } }
      - { name: up, upload: { generate: { size: 1 } } }
      - { name: watch, stream: { runId: "\${{ runId }}" } }
      - { name: reply, message: { runId: "\${{ runId }}", text: hi } }
      - { name: burst, blast: { request: { path: /a } } }
`;

  it('names every metric of a closed suite with its kind', () => {
    const result = loadSuiteText(yaml(''), 'm.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(Object.fromEntries(knownMetrics(result.suite))).toEqual({
      'flow.main.duration': 'duration',
      'step.start.latency': 'duration',
      'step.wait.latency': 'duration',
      'step.wait.attempts': 'count',
      'step.wait.attempt_latency': 'duration',
      'step.up.latency': 'duration',
      'step.up.presign': 'duration',
      'step.up.put': 'duration',
      'step.up.finalize': 'duration',
      'step.watch.latency': 'duration',
      'step.watch.first_event': 'duration',
      'step.watch.max_gap': 'duration',
      'step.watch.events': 'count',
      'step.reply.latency': 'duration',
      'step.burst.latency': 'duration',
      'step.burst.rps': 'count',
      'step.burst.bytes': 'count',
      'http.latency': 'duration',
      'http.requests': 'count',
      'http.errors': 'rate',
      checks: 'rate',
      'flows.failed': 'rate',
      iterations: 'count',
      dropped: 'count',
      'stream.first_event': 'duration',
    });
  });

  it('adds duration_uncorrected in the open model only', () => {
    const open = loadSuiteText(yaml('load: { phases: [{ duration: 1s, rate: 1 }] }'), 'm.yaml');
    if (!open.ok) throw new Error(JSON.stringify(open.problems));
    expect(knownMetrics(open.suite).get('flow.main.duration_uncorrected')).toBe('duration');
    const closed = loadSuiteText(yaml(''), 'm.yaml');
    if (!closed.ok) throw new Error('closed suite should load');
    expect(knownMetrics(closed.suite).has('flow.main.duration_uncorrected')).toBe(false);
  });
});
