/**
 * Durations in suites: a number of milliseconds (`250`, `"250"`) or numbers with units,
 * possibly chained like k6 (`250ms`, `10s`, `1.5m`, `1h`, `1m30s`). Normalised to milliseconds.
 */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** The same grammar as the suite schema's `duration` pattern; kept in step with it. */
export const DURATION_PATTERN = '^(\\d+(\\.\\d+)?(ms|s|m|h))+$|^\\d+(\\.\\d+)?$';

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const WHOLE = new RegExp(DURATION_PATTERN);

/** Milliseconds for a duration, or undefined when it is not one (negative, NaN, bad unit). */
export function parseDuration(input: unknown): number | undefined {
  if (typeof input === 'number') {
    return Number.isFinite(input) && input >= 0 ? input : undefined;
  }
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  if (!WHOLE.test(text)) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  let total = 0;
  for (const match of text.matchAll(PART)) {
    const unit = UNIT_MS[match[2] ?? ''] ?? 0;
    total += Number(match[1]) * unit;
  }
  return total;
}

/** Human form used in messages and docs: `1500` → `1.5s`. */
export function formatDuration(ms: number): string {
  if (ms >= 3_600_000 && ms % 60_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 1_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1_000) return `${ms / 1_000}s`;
  return `${ms}ms`;
}
