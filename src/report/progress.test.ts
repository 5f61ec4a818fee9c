import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLEAR_LINE, startProgress } from './progress.js';
import type { ProgressStats } from './progress-format.js';

function source(): { fn: () => ProgressStats; calls: () => number } {
  let n = 0;
  return {
    fn: () => {
      n++;
      return { elapsedMs: n * 1000, totalMs: 10_000, requests: n * 10, errors: 0, checksFailed: 0, ratePerSec: 10, p95Us: 5000, inFlight: 2 };
    },
    calls: () => n,
  };
}

describe('startProgress', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('on a TTY redraws one line in place every 250 ms and ends it on a final stop', () => {
    const out: string[] = [];
    const src = source();
    const p = startProgress({ source: src.fn, write: (s) => out.push(s), isTTY: true, columns: 100, quiet: false });
    expect(out).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(out).toHaveLength(5);
    for (const s of out) {
      expect(s.startsWith(CLEAR_LINE)).toBe(true);
      expect(s).not.toContain('\n');
    }
    p.stop(true);
    expect(out[out.length - 1]?.endsWith('\n')).toBe(true);
    vi.advanceTimersByTime(5000);
    expect(out).toHaveLength(6);
  });

  it('erases its line when stopped without a final line', () => {
    const out: string[] = [];
    const p = startProgress({ source: source().fn, write: (s) => out.push(s), isTTY: true, quiet: false });
    p.stop();
    p.stop();
    expect(out).toEqual([expect.any(String), CLEAR_LINE]);
  });

  it('in logs prints a plain line every 5 s, nothing immediately', () => {
    const out: string[] = [];
    const p = startProgress({ source: source().fn, write: (s) => out.push(s), isTTY: false, quiet: false });
    expect(out).toEqual([]);
    vi.advanceTimersByTime(15_000);
    expect(out).toHaveLength(3);
    expect(out[0]).toMatch(/^progress 1\.0s\/10s 10% .*\n$/);
    p.stop(true);
    expect(out).toHaveLength(4);
  });

  it('prints nothing and reads nothing when quiet', () => {
    const out: string[] = [];
    const src = source();
    const p = startProgress({ source: src.fn, write: (s) => out.push(s), isTTY: true, quiet: true });
    vi.advanceTimersByTime(10_000);
    p.stop(true);
    expect(out).toEqual([]);
    expect(src.calls()).toBe(0);
  });

  it('stops quietly when the output fails, instead of throwing from a timer', () => {
    let writes = 0;
    const p = startProgress({
      source: source().fn,
      write: () => {
        writes++;
        throw new Error('EPIPE');
      },
      isTTY: false,
      intervalMs: 100,
      quiet: false,
    });
    vi.advanceTimersByTime(1000);
    expect(writes).toBe(1);
    p.stop(true);
  });

  it('does not keep the process alive (its only timer is unref\'d)', () => {
    vi.useRealTimers();
    const active = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = active();
    const p = startProgress({ source: source().fn, write: () => undefined, isTTY: false, intervalMs: 60_000, quiet: false });
    expect(active()).toBe(before);
    p.stop();
  });
});
