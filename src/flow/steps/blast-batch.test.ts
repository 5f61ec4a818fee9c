import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHistogram, encode, recordValue } from '../../metrics/histogram.js';
import { createRecorder } from '../../metrics/registry.js';
import { bucketFloor, ResponseBatcher } from './blast-batch.js';

describe('bucketFloor', () => {
  it('is exact below 2048 µs and keeps every value in its own HDR bucket above', () => {
    expect(bucketFloor(2047)).toBe(2047);
    expect(bucketFloor(2049)).toBe(2048);
    expect(bucketFloor(5000.4)).toBe(5000);
    fc.assert(fc.property(fc.integer({ min: 1, max: 3_600_000_000 }), (v) => {
      const a = createHistogram();
      const b = createHistogram();
      recordValue(a, v);
      recordValue(b, bucketFloor(v));
      return encode(a).length > 0 && a.getValueAtPercentile(50) === b.getValueAtPercentile(50) && bucketFloor(v) <= v;
    }), { numRuns: 2000 });
  });
});

describe('ResponseBatcher', () => {
  it('gives the recorder the same histograms and counts as one call per response', () => {
    const startMs = 1_700_000_000_000;
    const batched = createRecorder({ startMs });
    const single = createRecorder({ startMs });
    for (const r of [batched, single]) r.declareFlow('f', [{ name: 's', kind: 'blast' }]);
    const ref = { flow: 'f', step: 's' };
    const batcher = new ResponseBatcher(batched, ref, startMs + 200);
    for (let i = 0; i < 20_000; i += 1) {
      const latencyUs = 100 + ((i * 7919) % 50_000);
      const status = i % 97 === 0 ? 503 : 200;
      // Responses over 2 s, flushed every 100 ms as the blast does, away from interval edges.
      const atMs = startMs + 200 + Math.floor(i / 10_000) * 1000 + ((i % 10_000) * 500) / 10_000;
      if (i % 2000 === 0 && i > 0) batcher.flush(atMs);
      batcher.add(status, latencyUs);
      single.exchange(ref, { latencyUs, status, startedAtMs: atMs });
    }
    batcher.flush(startMs + 1700);
    expect(batcher.statusCounts()).toEqual(new Map([[200, 20_000 - Math.ceil(20_000 / 97)], [503, Math.ceil(20_000 / 97)]]));
    const a = batched.snapshot().flows[0]?.steps[0];
    const b = single.snapshot().flows[0]?.steps[0];
    expect(a?.requests).toBe(20_000);
    expect(a?.statusCodes).toEqual(b?.statusCodes);
    expect(a?.histograms['latency']?.encoded).toBe(b?.histograms['latency']?.encoded);
    expect(batched.snapshot().totals.latency).toBe(single.snapshot().totals.latency);
    expect(a?.intervals.buckets.map((x) => x.count)).toEqual(b?.intervals.buckets.map((x) => x.count));
  });
});
