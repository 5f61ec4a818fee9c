/**
 * The percentile axis of an HdrHistogram spectrum plot: position x = log10(1 / (1 − p)), so
 * 0 % sits at 0, 90 % at 1, 99 % at 2, 99.9 % at 3 and each "nine" gets the same width.
 */

/** Largest number of nines plotted (99.9999 %); finer percentiles are below any resolution here. */
export const MAX_NINES = 6;

/** Axis position of percentile `p` (a fraction 0..1); p = 1 is clamped to MAX_NINES. */
export function percentileToX(p: number): number {
  if (!(p > 0)) return 0;
  if (p >= 1) return MAX_NINES;
  return Math.min(MAX_NINES, -Math.log10(1 - p));
}

/** Inverse of percentileToX: the percentile (fraction) at axis position x. */
export function xToPercentile(x: number): number {
  return 1 - 10 ** -x;
}

/** Label of the tick at `nines` whole nines: 0 → `0%`, 1 → `90%`, 3 → `99.9%`. */
export function percentileLabel(nines: number): string {
  if (nines <= 0) return '0%';
  if (nines === 1) return '90%';
  return `99${nines > 2 ? '.' + '9'.repeat(nines - 2) : ''}%`;
}

export interface PercentileTick {
  x: number;
  label: string;
}

/** One tick per whole nine from 0 % up to `maxX` (at least 90 %). */
export function percentileTicks(maxX: number): PercentileTick[] {
  const last = Math.max(1, Math.min(MAX_NINES, Math.floor(maxX + 1e-9)));
  const ticks: PercentileTick[] = [];
  for (let n = 0; n <= last; n++) ticks.push({ x: n, label: percentileLabel(n) });
  return ticks;
}
