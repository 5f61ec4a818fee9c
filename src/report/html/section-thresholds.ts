/**
 * Thresholds with pass/fail and the measured value, and whether a threshold stopped the run.
 */
import type { Report, ThresholdResult } from '../model.js';
import { escapeHtml } from './escape.js';
import { table, type Column } from './table.js';

/** The measured value: ms for durations, % for rates, as the expression's unit. */
export function thresholdActual(t: ThresholdResult): string {
  if (t.actual === null) return '<span class="muted">no data</span>';
  const v = Number.isInteger(t.actual) ? String(t.actual) : t.actual.toPrecision(4).replace(/\.?0+$/, '');
  return escapeHtml(v);
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
