import { describe, expect, it } from 'vitest';
import { mergeReports } from './merge.js';
import { buildReport } from './build.js';
import { validateReport } from './read.js';
import { decode, emptySummary } from '../metrics/histogram.js';
import { createRecorder } from '../metrics/registry.js';
import type { MetricsRecorder } from '../metrics/registry.js';
import { syntheticReport } from './synthetic.js';
import type { Report } from './model.js';
import type { ThresholdSpec } from '../suite/types.js';

const START = Date.UTC(2026, 0, 1, 12);

function report(rec: MetricsRecorder, id: string): Report {
  return buildReport({
    suite: { name: 's', file: 's.yaml', digest: 'abc' },
    target: { baseUrl: 'http://127.0.0.1:1', embedded: false, fingerprint: { host: '127.0.0.1:1', versionHeaders: {} } },
    run: { id, startedAt: '', startedAtMs: START, endedAtMs: START + 400_000, status: 'completed', load: {}, workers: 1 },
    snapshot: rec.snapshot(),
    thresholds: [],
    generator: { eventLoopDelay: emptySummary('us'), unreliable: false, reasons: [] },
    harnessVersion: '0.1.0',
    node: 'v20',
  });
}

/** Every encoded histogram replaced by its content, and run identity removed. */
function content(r: Report): unknown {
  const { run: _run, verdict: _verdict, generator: _g, ...rest } = r;
  return JSON.parse(
    JSON.stringify(rest, (_k, v: unknown) => {
      if (typeof v !== 'string' || !v.startsWith('HISTF')) return v;
      const h = decode(v);
      return [h.totalCount, ...[0, 1, 50, 90, 95, 99, 99.9, 100].map((p) => h.getValueAtPercentile(p))].join(':');
    }),
  );
}

describe('mergeReports', () => {
  it('equals the report of one recorder that saw every sample', () => {
    const whole = createRecorder({ startMs: START });
    const shards = [createRecorder({ startMs: START }), createRecorder({ startMs: START })];
    for (const r of [whole, ...shards]) r.declareFlow('f', [{ name: 'a', kind: 'request' }, { name: 's', kind: 'stream' }]);
    // 400 s so the interval series widen (exact pairwise merging is part of what is checked).
    for (let i = 0; i < 4000; i++) {
      const at = START + i * 100;
      const shard = shards[i % 2] as MetricsRecorder;
      const latencyUs = 200 + ((i * 48_271) % 3_000_000);
      for (const r of [whole, shard]) {
        r.exchange({ flow: 'f', step: 'a' }, { latencyUs, status: i % 97 === 0 ? 502 : 200, startedAtMs: at, ...(i % 101 === 0 ? { error: 'reset' as const } : {}) });
        r.check({ flow: 'f', step: 'a' }, { name: 'status', passed: i % 97 !== 0, category: 'status', message: 'bad status', sampleBody: `body ${i}` });
        if (i % 10 === 0) {
          r.measure({ flow: 'f', step: 's' }, 'first_event', latencyUs / 3, at);
          r.measure({ flow: 'f', step: 's' }, 'latency', latencyUs * 2, at);
        }
        r.flow('f', { durationUs: latencyUs * 3, ok: i % 97 !== 0, startedAtMs: at });
      }
    }
    const merged = mergeReports([report(shards[0] as MetricsRecorder, 'a'), report(shards[1] as MetricsRecorder, 'b')]);
    const single = report(whole, 'w');
    expect(merged.run.mergedFrom).toBe(2);
    expect(merged.run.workers).toBe(2);
    expect(merged.totals.intervals.intervalMs).toBe(2000);
    // Failure samples differ by which shard kept them; everything else is identical.
    const strip = (r: Report): unknown => content({ ...r, failures: r.failures.map((f) => ({ ...f, samples: [] })) });
    expect(strip(merged)).toEqual(strip(single));
    expect(merged.failures[0]?.samples).toHaveLength(3);
    expect(validateReport(merged)).toEqual([]);
  });

  it('re-evaluates thresholds when specs are given, otherwise keeps each shard’s and marks them', () => {
    const a = syntheticReport({ seed: 1, durationS: 5 });
    const b = syntheticReport({ seed: 2, durationS: 5 });
    a.thresholds = [{ metric: 'iterations', expression: 'count > 50', passed: true, actual: 100, unit: 'count', abortOnFail: false, aborted: false }];
    b.thresholds = [{ metric: 'iterations', expression: 'count > 50', passed: true, actual: 100, unit: 'count', abortOnFail: false, aborted: false }];
    const kept = mergeReports([a, b]);
    expect(kept.thresholds.map((t) => t.fromShard)).toEqual([0, 1]);
    const spec: ThresholdSpec = {
      metric: 'iterations',
      expression: 'count > 150',
      condition: { aggregate: 'count', op: '>', value: 150 },
      abortOnFail: false,
      delayAbortEvalMs: 0,
      loc: { file: 's.yaml', line: 3, col: 3 },
    };
    const judged = mergeReports([a, b], { thresholds: [spec] });
    expect(judged.thresholds).toEqual([expect.objectContaining({ passed: true, actual: 200 })]);
    expect(judged.thresholds[0]?.fromShard).toBeUndefined();
    expect(judged.totals.iterations).toBe(200);
  });

  it('refuses reports of different suites with MERGE_MISMATCH', () => {
    const a = syntheticReport({ durationS: 1 });
    const b = syntheticReport({ durationS: 1, digest: 'other' });
    expect(() => mergeReports([a, b])).toThrow(expect.objectContaining({ code: 'MERGE_MISMATCH' }));
    expect(() => mergeReports([])).toThrow(expect.objectContaining({ code: 'MERGE_MISMATCH' }));
  });
});
