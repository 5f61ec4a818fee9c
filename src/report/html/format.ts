/**
 * Number and time formatting for the HTML report: precision that matches what a reader can
 * act on (three significant figures for latencies, whole numbers for counts).
 */

/** Milliseconds with a precision that keeps about three significant figures. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const abs = Math.abs(ms);
  if (abs >= 1000) return Math.round(ms).toLocaleString('en-US');
  if (abs >= 100) return ms.toFixed(0);
  if (abs >= 10) return ms.toFixed(1);
  if (abs >= 1) return ms.toFixed(2);
  return ms.toFixed(3);
}

/** A microsecond figure from the report as milliseconds text. */
export function fmtUsAsMs(us: number): string {
  return fmtMs(us / 1000);
}

/** Counts with thousands separators (fixed locale so the page is the same everywhere). */
export function fmtCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  return Math.round(n).toLocaleString('en-US');
}

/** A rate per second: one decimal below 100/s, whole numbers above. */
export function fmtRate(perSec: number): string {
  if (!Number.isFinite(perSec)) return '–';
  return perSec >= 100 ? fmtCount(perSec) : perSec.toFixed(1);
}

/** A percentage from a fraction 0..1, with more digits near 0 and 100 %. */
export function fmtPct(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  const pct = fraction * 100;
  if (pct === 0 || pct === 100) return `${pct}%`;
  if (pct < 0.1 || pct > 99.9) return `${pct.toFixed(3)}%`;
  return `${pct.toFixed(1)}%`;
}

/** A duration in ms as `1h 02m 03s`, `2m 05s`, `12.3 s` or `850 ms`. */
export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalSec = Math.round(ms / 1000);
  const h = Math.floor(totalSec / 3600);
  const m = Math.floor((totalSec % 3600) / 60);
  const s = totalSec % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}h ${mm}m ${ss}s` : `${m}m ${ss}s`;
}

/** Requests per second over a run of `durationMs`; 0 for an empty or zero-length run. */
export function perSecond(count: number, durationMs: number): number {
  return durationMs > 0 ? count / (durationMs / 1000) : 0;
}
