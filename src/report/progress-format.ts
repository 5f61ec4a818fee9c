/**
 * The text of the live progress view: one line for a terminal (fitted to its width) and one
 * for logs (complete, since CI logs do not truncate).
 */

export interface ProgressStats {
  elapsedMs: number;
  /** Planned run length, when the run is time-bound. */
  totalMs?: number;
  /** Iterations done, when the run is iteration-bound. */
  done?: number;
  total?: number;
  requests: number;
  errors: number;
  checksFailed: number;
  ratePerSec: number;
  p95Us: number;
  inFlight: number;
}

/** `9.5s`, `1m05s`, `1h02m`: short enough for a status line. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function p95(us: number): string {
  const ms = us / 1000;
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

/** Completion 0..1 by iterations when their total is known, else by time; undefined if neither. */
export function fraction(s: ProgressStats): number | undefined {
  if (s.total !== undefined && s.total > 0 && s.done !== undefined) return Math.min(1, s.done / s.total);
  if (s.totalMs !== undefined && s.totalMs > 0) return Math.min(1, s.elapsedMs / s.totalMs);
  return undefined;
}

/** Time or iterations so far against the plan: `12.0s/1m00s` or `120/500 it`, `12.0s` alone. */
function position(s: ProgressStats): string {
  if (s.total !== undefined && s.done !== undefined) return `${count(s.done)}/${count(s.total)} it · ${shortDuration(s.elapsedMs)}`;
  if (s.totalMs !== undefined) return `${shortDuration(s.elapsedMs)}/${shortDuration(s.totalMs)}`;
  return shortDuration(s.elapsedMs);
}

/** Remaining time: planned end for time-bound runs, extrapolated for iteration-bound ones. */
export function remainingMs(s: ProgressStats): number | undefined {
  if (s.totalMs !== undefined) return Math.max(0, s.totalMs - s.elapsedMs);
  const f = fraction(s);
  if (f === undefined || f <= 0) return undefined;
  return (s.elapsedMs / f) * (1 - f);
}

const MIN_BAR = 6;
const MAX_BAR = 30;

export function bar(f: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, f)) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** The figures after the position, most important first (they are dropped from the end to fit). */
function figures(s: ProgressStats): string[] {
  return [
    `${s.ratePerSec.toFixed(s.ratePerSec >= 100 ? 0 : 1)} req/s`,
    `p95 ${p95(s.p95Us)} ms`,
    `${count(s.errors)} err`,
    `${count(s.inFlight)} in flight`,
    `${count(s.checksFailed)} checks failed`,
    `${count(s.requests)} req`,
  ];
}

/**
 * The terminal line, at most `columns − 1` characters (writing the last column makes some
 * terminals wrap): position, bar with percentage and ETA, then as many figures as fit. Figures
 * are dropped from the least important end first; the bar shrinks to MIN_BAR before a figure goes.
 */
export function formatTtyLine(s: ProgressStats, columns: number): string {
  const limit = Math.max(20, columns - 1);
  const f = fraction(s);
  const rem = remainingMs(s);
  const pct = f === undefined ? '' : ` ${String(Math.floor(f * 100)).padStart(3)}%`;
  const eta = rem === undefined ? '' : ` ETA ${shortDuration(rem)}`;
  const parts = figures(s);
  const line = (barWidth: number, n: number): string =>
    [`${position(s)}${f === undefined ? '' : ` ${bar(f, barWidth)}`}${pct}${eta}`, ...parts.slice(0, n)].join(' │ ');
  for (let n = parts.length; n >= 0; n--) {
    const shortest = line(MIN_BAR, n);
    // The bar takes whatever room the figures leave, up to MAX_BAR.
    if (shortest.length <= limit) return f === undefined ? shortest : line(Math.min(MAX_BAR, MIN_BAR + limit - shortest.length), n);
  }
  return line(MIN_BAR, 0).slice(0, limit);
}

/** The log line: everything, no bar, no control characters. */
export function formatPlainLine(s: ProgressStats): string {
  const f = fraction(s);
  const rem = remainingMs(s);
  const head = `progress ${position(s)}${f === undefined ? '' : ` ${Math.floor(f * 100)}%`}${rem === undefined ? '' : ` (ETA ${shortDuration(rem)})`}`;
  return [head, ...figures(s)].join(' · ');
}
