/**
 * Flows that never ran (with the reason) and arrivals the open model could not start.
 */
import type { FlowReport, Report } from '../model.js';
import { escapeHtml } from './escape.js';
import { fmtCount, fmtPct } from './format.js';
import { table, type Column } from './table.js';

function skipped(report: Report): string {
  const rows = report.flows.filter((f) => f.skipped);
  const columns: Column<FlowReport>[] = [
    { header: 'Flow', cell: (f) => `<strong>${escapeHtml(f.name)}</strong>` },
    { header: 'Reason', wrap: true, cell: (f) => escapeHtml(f.skipped?.reason ?? '') },
  ];
  return `<h3>Skipped flows</h3>${table({ id: 'skipped-table', label: 'Skipped flows', columns, rows, empty: 'Every flow ran.' })}`;
}

function dropped(report: Report): string {
  const open = report.run.load['model'] === 'open';
  if (!open && report.totals.dropped === 0) return '';
  const rows = report.flows.filter((f) => f.dropped > 0);
  const columns: Column<FlowReport>[] = [
    { header: 'Flow', cell: (f) => `<strong>${escapeHtml(f.name)}</strong>` },
    { header: 'Dropped', numeric: true, cell: (f) => fmtCount(f.dropped) },
    { header: 'Of arrivals', numeric: true, cell: (f) => fmtPct(f.dropped / Math.max(1, f.dropped + f.iterations)) },
  ];
  const note =
    `<p class="muted">Arrivals that could not start because the in-flight cap was reached (open model): ` +
    `${fmtCount(report.totals.dropped)} in total. They are counted, never queued.</p>`;
  return `<h3>Dropped arrivals</h3>${note}${table({ id: 'dropped-table', label: 'Dropped arrivals', columns, rows, empty: 'No arrival was dropped.' })}`;
}

export function skippedSection(report: Report): string {
  const anySkipped = report.flows.some((f) => f.skipped);
  const drop = dropped(report);
  if (!anySkipped && drop === '') return '';
  return `<section class="card" id="skipped"><h2>Skipped and dropped</h2>${anySkipped ? skipped(report) : ''}${drop}</section>`;
}
