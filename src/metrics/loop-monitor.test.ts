import { describe, expect, it } from 'vitest';
import { judgeLoopDelay, startLoopMonitor } from './loop-monitor.js';
import { emptySummary } from './histogram.js';

describe('loop monitor', () => {
  it('judges by p99 > 100 ms or max > 1 s', () => {
    const base = emptySummary('us');
    expect(judgeLoopDelay({ ...base, p99: 90_000, max: 900_000 }).unreliable).toBe(false);
    const slow = judgeLoopDelay({ ...base, p99: 150_000, max: 200_000 });
    expect(slow.unreliable).toBe(true);
    expect(slow.reasons[0]).toMatch(/late by 150 ms at p99/);
    const stall = judgeLoopDelay({ ...base, p99: 20_000, max: 1_500_000 });
    expect(stall.unreliable).toBe(true);
    expect(stall.reasons[0]).toMatch(/stalled for up to 1500 ms/);
  });

  it('measures a real blocked loop', async () => {
    const monitor = startLoopMonitor();
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
