/**
 * Thresholds with pass/fail and the measured value, and whether a threshold stopped the run.
 */
import type { Report, ThresholdResult } from '../model.js';
import { escapeHtml } from './escape.js';
import { table, type Column } from './table.js';

/** Metrics whose values are counts, not durations (src/metrics/recorder.ts names). */
const COUNT_METRIC = /(^http\.requests$|^iterations$|^dropped$|\.attempts$|\.events$)/;

/**
 * The unit of a threshold's measured value: the report's `unit` when set; otherwise % for
 * rates, none for counts, ms for every other aggregate of a duration.
 */
export function thresholdUnit(t: Pick<ThresholdResult, 'metric' | 'expression' | 'unit'>): string {
  if (t.unit !== undefined) return t.unit === 'count' ? '' : ` ${t.unit}`;
  // Reports written before `unit` existed: infer it from the expression and metric name.
  const aggregate = t.expression.trim();
  if (aggregate.startsWith('rate')) return ' %';
  if (aggregate.startsWith('count') || COUNT_METRIC.test(t.metric)) return '';
  return ' ms';
}

/** The measured value with its unit, about four significant figures. */
export function thresholdActual(t: ThresholdResult): string {
  if (t.actual === null) return '<span class="muted">no data</span>';
  const v = Number.isInteger(t.actual) ? String(t.actual) : String(Number(t.actual.toPrecision(4)));
  return escapeHtml(`${v}${thresholdUnit(t)}`);
}

export function thresholdsSection(report: Report): string {
  const columns: Column<ThresholdResult>[] = [
    { header: 'Result', cell: (t) => (t.passed ? '<span class="badge pass">PASS</span>' : '<span class="badge fail">FAIL</span>') },
    { header: 'Metric', cell: (t) => `<code>${escapeHtml(t.metric)}</code>` },
    { header: 'Expression', cell: (t) => `<code>${escapeHtml(t.expression)}</code>` },
    { header: 'Actual', numeric: true, cell: thresholdActual },
    { header: 'Source', cell: (t) => (t.fromShard !== undefined ? `shard ${t.fromShard + 1} (not re-evaluated)` : '<span class="muted">run</span>') },
    {
      header: 'Abort on fail',
      cell: (t) => (t.aborted ? '<span class="badge fail">aborted the run</span>' : t.abortOnFail ? 'yes' : '<span class="muted">no</span>'),
    },
  ];
  const failed = report.thresholds.filter((t) => !t.passed).length;
  const head = report.thresholds.length > 0 ? ` <span class="muted">(${report.thresholds.length - failed} of ${report.thresholds.length} passed)</span>` : '';
  const body = table({
    id: 'thresholds-table', label: 'Thresholds', columns, rows: report.thresholds,
    empty: 'The suite defines no thresholds.', rowClass: (t) => (t.passed ? undefined : 'bad'),
  });
  return `<section class="card" id="thresholds"><h2>Thresholds${head}</h2>${body}</section>`;
}
