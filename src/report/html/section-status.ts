/**
 * Status codes (bars coloured by class, plus a table) and error categories with their share
 * of requests, overall and per step.
 */
import type { Report, StepReport } from '../model.js';
import { ERROR_CATEGORIES, type ErrorCategory } from '../../http/types.js';
import { escapeHtml } from './escape.js';
import { fmtCount, fmtPct } from './format.js';
import type { CategoryBar } from './svg-bars.js';
import { categoryBarChart } from './svg-bar-chart.js';
import { table, type Column } from './table.js';

export const STATUS_CHART_ID = 'chart-status-codes';
export const ERROR_CATEGORY_CHART_ID = 'chart-error-categories';

const CLASS_COLORS: Record<string, number> = { '1': 5, '2': 3, '3': 5, '4': 1, '5': 2 };

/** Palette index by status class: 2xx green, 3xx cyan, 4xx amber, 5xx red, other purple. */
export function statusColor(code: string): number {
  return CLASS_COLORS[code.charAt(0)] ?? 4;
}

function statusSection(report: Report): string {
  const entries = Object.entries(report.totals.statusCodes).sort(([a], [b]) => a.localeCompare(b));
  const total = entries.reduce((a, [, n]) => a + n, 0);
  const bars: CategoryBar[] = entries.map(([code, n]) => ({ category: code, value: n, color: statusColor(code) }));
  const present = [...new Set(entries.map(([c]) => c.charAt(0)))];
  const legend = present.map((c) => ({ name: /^[1-5]$/.test(c) ? `${c}xx` : 'other', color: statusColor(c) }));
  const chart = categoryBarChart({ id: STATUS_CHART_ID, title: 'Status codes', xLabel: 'responses', bars, legend, emptyMessage: 'No responses received.' });
  const columns: Column<[string, number]>[] = [
    { header: 'Status', cell: ([c]) => `<strong>${escapeHtml(c)}</strong>` },
    { header: 'Count', numeric: true, cell: ([, n]) => fmtCount(n) },
    { header: 'Share', numeric: true, cell: ([, n]) => fmtPct(total > 0 ? n / total : 0) },
  ];
  return `<div class="charts">${chart}<div>${table({ id: 'status-table', label: 'Status codes', columns, rows: entries, empty: 'No responses received.' })}</div></div>`;
}

function categoriesOf(report: Report): ErrorCategory[] {
  return ERROR_CATEGORIES.filter((c) => (report.totals.errors[c] ?? 0) > 0);
}

function perStepErrors(report: Report, cats: ErrorCategory[]): string {
  const rows = report.flows.flatMap((f) => f.steps).filter((s) => cats.some((c) => (s.errors[c] ?? 0) > 0));
  const columns: Column<StepReport>[] = [
    { header: 'Step', cell: (s) => `${escapeHtml(s.flow)} / <strong>${escapeHtml(s.name)}</strong>` },
    ...cats.map((c) => ({ header: escapeHtml(c), numeric: true, cell: (s: StepReport) => fmtCount(s.errors[c] ?? 0) })),
  ];
  return table({ id: 'step-errors-table', label: 'Errors per step', columns, rows });
}

function errorSection(report: Report): string {
  const cats = categoriesOf(report);
  if (cats.length === 0) return '<h3>Error categories</h3><p class="muted">No errors recorded.</p>';
  const requests = report.totals.requests;
  const bars: CategoryBar[] = cats.map((c) => ({ category: c, value: report.totals.errors[c] ?? 0, color: 2 }));
  const chart = categoryBarChart({ id: ERROR_CATEGORY_CHART_ID, title: 'Errors by category', xLabel: 'errors', bars, legend: [{ name: 'errors', color: 2 }] });
  const columns: Column<ErrorCategory>[] = [
    { header: 'Category', cell: (c) => `<strong>${escapeHtml(c)}</strong>` },
    { header: 'Count', numeric: true, cell: (c) => fmtCount(report.totals.errors[c] ?? 0) },
    { header: 'Of requests', numeric: true, cell: (c) => fmtPct(requests > 0 ? (report.totals.errors[c] ?? 0) / requests : 0) },
  ];
  return (
    `<h3>Error categories</h3><div class="charts">${chart}<div>${table({ id: 'errors-table', label: 'Error categories', columns, rows: cats })}</div></div>` +
    `<h3>Errors per step</h3>${perStepErrors(report, cats)}`
  );
}

export function statusSectionHtml(report: Report): string {
  return `<section class="card" id="status"><h2>Status codes and errors</h2>${statusSection(report)}${errorSection(report)}</section>`;
}
