import { describe, expect, it } from 'vitest';
import { judgeLoopDelay, startLoopMonitor } from './loop-monitor.js';
import { emptySummary } from './histogram.js';

describe('loop monitor', () => {
  it('judges by p99 > 100 ms or max > 1 s', () => {
    const base = { ...emptySummary('us'), count: 500 };
    expect(judgeLoopDelay({ ...base, p99: 90_000, max: 900_000 }).unreliable).toBe(false);
    const slow = judgeLoopDelay({ ...base, p99: 150_000, max: 200_000 });
    expect(slow.unreliable).toBe(true);
    expect(slow.reasons[0]).toMatch(/late by 150 ms at p99/);
    const stall = judgeLoopDelay({ ...base, p99: 20_000, max: 1_500_000 });
    expect(stall.unreliable).toBe(true);
    expect(stall.reasons[0]).toMatch(/stalled for up to 1500 ms/);
  });

  it('does not judge a run with too few samples', () => {
    const few = judgeLoopDelay({ ...emptySummary('us'), count: 40, p99: 2_000_000, max: 2_000_000 });
    expect(few).toMatchObject({ unreliable: false, reasons: [] });
  });

  it('discards the warm-up: a stall inside it is not counted, a run shorter than it is not judged', async () => {
    const monitor = startLoopMonitor({ warmUpMs: 200 });
    const until = Date.now() + 150;
    while (Date.now() < until) {
      // block the loop during the warm-up
    }
    await new Promise((r) => setTimeout(r, 300));
    const health = monitor.stop();
    expect(health.eventLoopDelay.max).toBeLessThan(100_000);
    const short = startLoopMonitor({ warmUpMs: 10_000 });
    const stop = Date.now() + 50;
    while (Date.now() < stop) {
      // a stall that only the warm-up sees
    }
    expect(short.stop()).toMatchObject({ unreliable: false, eventLoopDelay: { count: 0 } });
  });

  it('measures a real blocked loop', async () => {
    const monitor = startLoopMonitor({ warmUpMs: 0 });
    await new Promise((r) => setTimeout(r, 60));
    const until = Date.now() + 150;
    while (Date.now() < until) {
      // block the loop on purpose
    }
    await new Promise((r) => setTimeout(r, 30));
    const health = monitor.stop();
    expect(health.eventLoopDelay.count).toBeGreaterThan(0);
    expect(health.eventLoopDelay.max).toBeGreaterThan(100_000);
    expect(monitor.stop()).toBe(health);
  });
});
