import { describe, expect, it } from 'vitest';
import { createRecorder, mergeSnapshots } from './registry.js';
import { decode } from './histogram.js';
import { buildReport } from '../report/build.js';
import { serializeReport } from '../report/write.js';
import { renderHtml } from '../report/html/render.js';
import type { MetricsSnapshot } from './snapshot.js';
import { emptySummary } from './histogram.js';

const START = Date.UTC(2026, 0, 1, 12, 0, 0);

function reportOf(snapshot: MetricsSnapshot, durationMs: number) {
  return buildReport({
    suite: { name: 's', file: 's.yaml', digest: 'd' },
    target: { baseUrl: 'http://127.0.0.1:1', embedded: true, fingerprint: { host: '127.0.0.1', versionHeaders: {} } },
    run: {
      id: 'r',
      startedAt: '',
      startedAtMs: START,
      endedAtMs: START + durationMs,
      status: 'completed',
      load: {},
      workers: 1,
    },
    snapshot,
    thresholds: [],
    generator: { eventLoopDelay: emptySummary('us'), unreliable: false, reasons: [] },
    harnessVersion: '0.0.0',
  });
}

describe('createRecorder', () => {
  it('counts what was recorded, per step, flow and in total', () => {
    const rec = createRecorder({ startMs: START });
    rec.declareFlow('f', [
      { name: 'a', kind: 'request' },
      { name: 'never', kind: 'request' },
      { name: 'p', kind: 'poll' },
    ]);
    for (let i = 0; i < 100; i++) {
      rec.exchange({ flow: 'f', step: 'a' }, { latencyUs: 1000 + i, status: i < 90 ? 200 : 500, startedAtMs: START + i * 10 });
      rec.check({ flow: 'f', step: 'a' }, { name: 'status', passed: i < 90, category: 'status', expected: [200], actual: 500 });
    }
    rec.exchange({ flow: 'f', step: 'a' }, { latencyUs: 5, error: 'timeout', startedAtMs: START + 1500 });
    rec.exchange({ flow: 'f', step: 'p' }, { latencyUs: 700, status: 200, startedAtMs: START });
    rec.measure({ flow: 'f', step: 'p' }, 'latency', 50_000, START);
    rec.measure({ flow: 'f', step: 'p' }, 'attempts', 4, START);
    rec.flow('f', { durationUs: 60_000, ok: true, startedAtMs: START });
    rec.flow('f', { durationUs: 70_000, ok: false, startedAtMs: START + 1200 });
    rec.dropped('f', START);
    const snap = rec.snapshot();
    const f = snap.flows[0];
    expect(f?.steps.map((s) => s.name)).toEqual(['a', 'never', 'p']);
    const a = f?.steps[0];
    expect(a?.requests).toBe(101);
    expect(a?.statusCodes).toEqual({ '200': 90, '500': 10 });
    expect(a?.errors).toEqual({ timeout: 1 });
    expect(a?.checks).toEqual([{ name: 'status', passed: 90, failed: 10 }]);
    expect(decode(a?.histograms['latency']?.encoded ?? '').totalCount).toBe(101);
    const p = f?.steps[2];
    // Poll latency is time-to-done (measure), not the attempt exchange.
    expect(decode(p?.histograms['latency']?.encoded ?? '').totalCount).toBe(1);
    expect(p?.histograms['attempts']?.unit).toBe('count');
    expect(f?.steps[1]?.requests).toBe(0);
    expect(f).toMatchObject({ iterations: 2, passed: 1, failed: 1, dropped: 1 });
    expect(snap.totals).toMatchObject({ requests: 102, failedRequests: 1, iterations: 2, flowsFailed: 1, dropped: 1 });
    expect(snap.totals.checks).toEqual({ passed: 90, failed: 10 });
    expect(decode(snap.totals.latency).totalCount).toBe(102);
    expect(snap.failures).toHaveLength(1);
    expect(snap.failures[0]).toMatchObject({ flow: 'f', step: 'a', check: 'status', count: 10, category: 'status' });
    // Snapshots are plain JSON (posted between worker threads).
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
  });

  it('keeps at most 3 samples per failure, each capped at 2 KiB', () => {
    const rec = createRecorder({ startMs: START });
    for (let i = 0; i < 10; i++) {
      rec.check({ flow: 'f', step: 's' }, { name: 'schema', passed: false, message: 'bad', sampleBody: 'é'.repeat(5000) });
    }
    const [failure] = rec.snapshot().failures;
    expect(failure?.count).toBe(10);
    expect(failure?.samples).toHaveLength(3);
    for (const s of failure?.samples ?? []) expect(Buffer.byteLength(s, 'utf8')).toBeLessThanOrEqual(2048);
  });

  it('keeps its live figures right once a long run has widened the intervals', () => {
    const rec = createRecorder({ startMs: START });
    // 300 s at 1 s buckets passes the 240-point cap: buckets become 2 s wide.
    for (let s = 0; s < 300; s++) rec.exchange({ flow: 'f', step: 'a' }, { latencyUs: 500, status: 200, startedAtMs: START + s * 1000 });
    for (let i = 0; i < 40; i++) rec.exchange({ flow: 'f', step: 'a' }, { latencyUs: 9000, status: 200, startedAtMs: START + 300_000 + i });
    const live = rec.live(START + 302_500);
    // The last complete 2 s bucket (300–302 s) holds the 40 slow ones.
    expect(live.ratePerSec).toBe(20);
    expect(live.p95Us).toBeGreaterThanOrEqual(8900);
    expect(rec.snapshot().totals.intervals.intervalMs).toBe(2000);
  });

  it('reports live figures: rate in the last full interval, p95 over the last seconds', () => {
    const rec = createRecorder({ startMs: START });
    for (let i = 0; i < 50; i++) rec.exchange({ flow: 'f', step: 'a' }, { latencyUs: 2000, status: 200, startedAtMs: START + 1000 + i });
    const live = rec.live(START + 2100);
    expect(live).toMatchObject({ elapsedMs: 2100, requests: 50, errors: 0, ratePerSec: 50 });
    expect(live.p95Us).toBeGreaterThanOrEqual(1999);
  });
});

describe('interval series', () => {
  it('widens past 240 points by merging neighbours, exactly', () => {
    const rec = createRecorder({ startMs: START, intervalMs: 1000 });
    let n = 0;
    for (let s = 0; s < 600; s++) {
      for (let k = 0; k < 3; k++) {
        rec.exchange({ flow: 'f', step: 'a' }, { latencyUs: 100 + s, status: 200, startedAtMs: START + s * 1000 + k });
        n += 1;
      }
    }
    const series = rec.snapshot().totals.intervals;
    expect(series.intervalMs).toBe(4000);
    expect(series.buckets.length).toBe(150);
    expect(series.buckets.reduce((a, b) => a + b.count, 0)).toBe(n);
    expect(series.buckets.reduce((a, b) => a + decode(b.encoded).totalCount, 0)).toBe(n);
    // Bucket 1 holds seconds 4..7 exactly.
    const b1 = decode(series.buckets[1]?.encoded ?? '');
    expect(b1.totalCount).toBe(12);
    expect(b1.getValueAtPercentile(0)).toBe(104);
    expect(b1.maxValue).toBe(107);
  });
});

/** Replaces each encoded histogram by its content (count and a percentile ladder). */
function strip(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v !== 'string' || !v.startsWith('HISTF')) return v;
      const h = decode(v);
      return [h.totalCount, ...[0, 10, 50, 90, 95, 99, 99.9, 100].map((p) => h.getValueAtPercentile(p))].join(':');
    }),
  );
}

describe('mergeSnapshots', () => {
  it('equals one recorder that saw every sample', () => {
    const one = createRecorder({ startMs: START });
    const a = createRecorder({ startMs: START });
    const b = createRecorder({ startMs: START });
    for (let i = 0; i < 4000; i++) {
      const target = i % 3 === 0 ? a : b;
      const sample = { latencyUs: 500 + ((i * 7919) % 90_000), status: i % 50 === 0 ? 503 : 200, startedAtMs: START + i * 100 };
      for (const r of [one, target]) {
        r.exchange({ flow: 'f', step: 's' }, sample);
        r.check({ flow: 'f', step: 's' }, { name: 'status', passed: sample.status === 200, message: 'x' });
        r.flow('f', { durationUs: sample.latencyUs * 2, ok: sample.status === 200, startedAtMs: sample.startedAtMs });
      }
    }
    const merged = mergeSnapshots(a.snapshot(), b.snapshot());
    const whole = one.snapshot();
    expect(merged.totals.intervals.intervalMs).toBe(whole.totals.intervals.intervalMs);
    // Encoded forms may differ in bytes (timestamps) but not in content.
    expect(strip(merged)).toEqual(strip(whole));
  });
});

describe('mergeSnapshots alignment', () => {
  it('aligns buckets by absolute time across different widths and starts, exactly', () => {
    const whole = createRecorder({ startMs: START });
    const long = createRecorder({ startMs: START }); // runs 300 s: widens to 2 s buckets
    const late = createRecorder({ startMs: START + 5000 }); // starts 5 s later, runs 100 s
    for (let s = 0; s < 300; s++) {
      for (const r of [whole, long]) r.exchange({ flow: 'f', step: 'a' }, { latencyUs: 1000 + s * 10, status: 200, startedAtMs: START + s * 1000 + 7 });
    }
    for (let s = 5; s < 105; s++) {
      for (const r of [whole, late]) r.exchange({ flow: 'f', step: 'a' }, { latencyUs: 90_000 + s, status: 500, startedAtMs: START + s * 1000 + 500 });
    }
    const a = long.snapshot();
    const b = late.snapshot();
    expect(a.totals.intervals.intervalMs).toBe(2000);
    expect(b.totals.intervals.intervalMs).toBe(1000);
    const merged = mergeSnapshots(a, b);
    expect(merged.startMs).toBe(START);
    expect(strip(merged.totals.intervals)).toEqual(strip(whole.snapshot().totals.intervals));
    expect(strip(merged.flows)).toEqual(strip(whole.snapshot().flows));
  });
});

describe('report size', () => {
  it('a 10-minute, 1000 req/s, 10-step run stays under 2 MB of report.json and 3 MB of report.html', () => {
    const rec = createRecorder({ startMs: START });
    const steps = Array.from({ length: 10 }, (_, i) => ({ name: `step_${i}`, kind: 'request' as const }));
    rec.declareFlow('load', steps);
    const total = 600 * 1000;
    let x = 12345;
    for (let i = 0; i < total; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const latency = 2000 + (x % 200_000);
      const step = steps[i % 10]?.name ?? 'step_0';
      const at = START + Math.floor(i / 1000) * 1000 + (i % 1000);
      rec.exchange({ flow: 'load', step }, { latencyUs: latency, status: 200, startedAtMs: at });
      rec.check({ flow: 'load', step }, { name: 'status', passed: true });
      if (i % 10 === 9) rec.flow('load', { durationUs: latency * 10, ok: true, startedAtMs: at });
    }
    const report = reportOf(rec.snapshot(), 600_000);
    const bytes = Buffer.byteLength(serializeReport(report));
    const htmlBytes = Buffer.byteLength(renderHtml(report));
    console.log(`600 000 exchanges over 10 steps and 10 minutes: report.json ${(bytes / 1024).toFixed(0)} KiB, report.html ${(htmlBytes / 1024).toFixed(0)} KiB`);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
    expect(htmlBytes).toBeLessThan(3 * 1024 * 1024);
  });
});

describe('poll and stream step intervals', () => {
  /** A poll step: 3 attempts per poll, each poll 2 s long, one started every 500 ms. */
  function pollRecorder(startMs: number, polls: number, offset = 0): ReturnType<typeof createRecorder> {
    const rec = createRecorder({ startMs: START });
    rec.declareFlow('f', [{ name: 'wait', kind: 'poll' }]);
    for (let k = offset; k < offset + polls; k++) {
      const at = startMs + k * 500;
      for (let a = 0; a < 3; a++) rec.exchange({ flow: 'f', step: 'wait' }, { latencyUs: 800, status: 200, error: a === 0 && k % 4 === 0 ? 'timeout' : undefined, startedAtMs: at + a * 900 });
      rec.measure({ flow: 'f', step: 'wait' }, 'latency', 2_000_000 + k, at);
    }
    return rec;
  }

  it('hold the latency histogram values, count them, and count exchanges apart', () => {
    const step = pollRecorder(START, 20).snapshot().flows[0]?.steps[0];
    const buckets = step?.intervals.buckets ?? [];
    const latency = decode(step?.histograms['latency']?.encoded ?? '');
    expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(latency.totalCount);
    expect(buckets.reduce((n, b) => n + decode(b.encoded).totalCount, 0)).toBe(20);
    expect(buckets.reduce((n, b) => n + (b.requests ?? 0), 0)).toBe(step?.requests);
    expect(buckets.reduce((n, b) => n + b.errors, 0)).toBe(5);
    // Buckets where only attempts started carry requests but no count: never a count without latency.
    for (const b of buckets) expect(b.count).toBe(decode(b.encoded).totalCount);
    expect(buckets.some((b) => b.count === 0 && (b.requests ?? 0) > 0)).toBe(true);
    // The report form keeps both, and percentiles wherever there is a count.
    const report = reportOf(pollRecorder(START, 20).snapshot(), 12_000);
    for (const p of report.flows[0]?.steps[0]?.intervals.points ?? []) {
      expect(p.requests).toBeDefined();
      if (p.count > 0) expect(p.p50).toBeGreaterThan(0);
    }
    // Request steps and totals have no separate requests.
    expect(report.totals.intervals.points.every((p) => p.requests === undefined)).toBe(true);
  });

  it('merge exactly, requests included', () => {
    const whole = pollRecorder(START, 40).snapshot();
    const merged = mergeSnapshots(pollRecorder(START, 20).snapshot(), pollRecorder(START, 20, 20).snapshot());
    expect(strip(merged.flows)).toEqual(strip(whole.flows));
    expect(merged.flows[0]?.steps[0]?.intervals.buckets.every((b) => b.requests !== undefined)).toBe(true);
  });
});
