/** Number formatting shared by the text renderers (Markdown, console, compare). */
import type { Report } from './model.js';

/** µs → ms with precision that suits the magnitude ("0.42", "12.3", "1534"). */
export function fmtMs(us: number): string {
  const ms = us / 1000;
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

/** ms → "850 ms", "12.4 s", "3 m 05 s". */
export function fmtDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${m} m ${String(s).padStart(2, '0')} s`;
}

export function fmtRate(perSec: number): string {
  return perSec >= 100 ? perSec.toFixed(0) : perSec.toFixed(1);
}

/** Events per second over the run. */
export function perSecond(count: number, durationMs: number): number {
  return durationMs > 0 ? (count * 1000) / durationMs : 0;
}

export function sumValues(record: Partial<Record<string, number>>): number {
  let n = 0;
  for (const v of Object.values(record)) n += v ?? 0;
  return n;
}

/** PASS, FAIL, INTERRUPTED or ABORTED: the one word a reader looks for. */
export function statusWord(report: Report): string {
  if (report.run.status === 'interrupted') return 'INTERRUPTED';
  if (report.run.status === 'aborted' || report.verdict.exitCode === 5) return 'ABORTED';
  return report.verdict.passed ? 'PASS' : 'FAIL';
}

/** Up to 3 significant decimals, trailing zeros dropped (12.5, 0.04, 224.8, 1534). */
function compact(v: number): string {
  const a = Math.abs(v);
  const digits = a >= 100 ? 1 : a >= 1 ? 2 : 3;
  return String(Number(v.toFixed(digits)));
}

/** A threshold's measured value with its unit ("224.8 ms", "0.4%", "12", "no data"). */
export function fmtThresholdActual(t: { actual: number | null; unit?: 'ms' | '%' | 'count' }): string {
  if (t.actual === null) return 'no data';
  if (t.unit === 'ms') return `${compact(t.actual)} ms`;
  if (t.unit === '%') return `${compact(t.actual)}%`;
  return compact(t.actual);
}
