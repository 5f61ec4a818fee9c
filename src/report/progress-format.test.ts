import { describe, expect, it } from 'vitest';
import { bar, formatPlainLine, formatTtyLine, fraction, remainingMs, shortDuration, type ProgressStats } from './progress-format.js';

const stats: ProgressStats = {
  elapsedMs: 12_000, totalMs: 60_000, requests: 7854, errors: 12, checksFailed: 3, ratePerSec: 135.2, p95Us: 88_400, inFlight: 8,
};

describe('progress line', () => {
  it('formats short durations', () => {
    expect(shortDuration(9_500)).toBe('9.5s');
    expect(shortDuration(65_000)).toBe('1m05s');
    expect(shortDuration(3_720_000)).toBe('1h02m');
  });

  it('measures completion by iterations when known, else by time', () => {
    expect(fraction(stats)).toBeCloseTo(0.2);
    expect(fraction({ ...stats, done: 50, total: 200 })).toBeCloseTo(0.25);
    expect(fraction({ ...stats, totalMs: undefined })).toBeUndefined();
    expect(remainingMs(stats)).toBe(48_000);
    expect(remainingMs({ ...stats, totalMs: undefined, done: 50, total: 200 })).toBe(36_000);
  });

  it('draws a bar of the given width', () => {
    expect(bar(0.5, 10)).toBe('█████░░░░░');
    expect(bar(2, 4)).toBe('████');
  });

  it('fits the terminal width, keeping rate, p95, errors and in-flight on 80 columns', () => {
    const line = formatTtyLine(stats, 80);
    expect(line.length).toBeLessThan(80);
    expect(line).toMatch(/^12s\/1m00s █+░+ {2}20% ETA 48s │ 135 req\/s │ p95 88.4 ms │ 12 err │ 8 in flight$/);
    for (const columns of [20, 40, 60, 100, 120, 300]) expect(formatTtyLine(stats, columns).length).toBeLessThan(Math.max(21, columns));
    expect(formatTtyLine(stats, 200)).toContain('7,854 req');
  });

  it('has no bar when neither a duration nor an iteration count is planned', () => {
    expect(formatTtyLine({ ...stats, totalMs: undefined }, 120)).toBe('12s │ 135 req/s │ p95 88.4 ms │ 12 err │ 8 in flight │ 3 checks failed │ 7,854 req');
  });

  it('writes everything, without control characters, for logs', () => {
    const line = formatPlainLine(stats);
    expect(line).toBe('progress 12s/1m00s 20% (ETA 48s) · 135 req/s · p95 88.4 ms · 12 err · 8 in flight · 3 checks failed · 7,854 req');
    expect(line).not.toMatch(/[\r\x1b]/);
  });
});
