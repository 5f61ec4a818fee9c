/**
 * The deltas table of a comparison: each figure baseline → current with its change; regressed
 * figures and rows highlighted, unjudged rows (too few samples) marked.
 */
import type { ComparedSeries, MetricDelta } from '../compare.js';
import { escapeHtml } from './escape.js';
import { fmtCount, fmtMs, fmtRate } from './format.js';
import { table, type Column } from './table.js';

type Fmt = (v: number) => string;

function signed(v: number, digits = 1): string {
  return `${v > 0 ? '+' : ''}${v.toFixed(digits)}`;
}

/** `120 → 161 ms (+34.1 %)`, the change marked when it is a regression. */
export function deltaCell(d: MetricDelta, fmt: Fmt, unit: string, pp = false): string {
  if (d.baseline === null && d.current === null) return '<span class="muted">–</span>';
  const b = d.baseline === null ? '–' : fmt(d.baseline);
  const c = d.current === null ? '–' : fmt(d.current);
  let change = '';
  if (pp && d.change !== null) change = `${signed(d.change, 2)} pp`;
  else if (d.changePct !== null) change = `${signed(d.changePct)} %`;
  // The row is highlighted already; the regressed figure itself gets a marker and colour.
  const mark = d.regressed ? ' ▲' : '';
  const changeHtml = change ? ` <span class="${d.regressed ? 'up' : 'muted'}">${escapeHtml(change)}${mark}</span>` : '';
  return `${escapeHtml(b)} → <strong>${escapeHtml(c)}</strong>${unit}${changeHtml}`;
}

function verdictCell(s: ComparedSeries): string {
  if (s.regressed) return '<span class="badge fail">REGRESSED</span>';
  if (!s.judged) return '<span class="badge muted">too few samples</span>';
  return '<span class="badge pass">ok</span>';
}

export function deltasTable(rows: readonly ComparedSeries[], id: string): string {
  const pct = (v: number): string => v.toFixed(2);
  const columns: Column<ComparedSeries>[] = [
    { header: 'Series', cell: (s) => `<strong>${escapeHtml(s.label)}</strong> <span class="muted">${s.kind}</span>` },
    { header: 'Verdict', cell: verdictCell },
    { header: 'Count', numeric: true, cell: (s) => `${fmtCount(s.count.baseline)} → ${fmtCount(s.count.current)}` },
    { header: 'p50', cell: (s) => deltaCell(s.p50, fmtMs, ' ms') },
    { header: 'p95', cell: (s) => deltaCell(s.p95, fmtMs, ' ms') },
    { header: 'p99', cell: (s) => deltaCell(s.p99, fmtMs, ' ms') },
    { header: 'Rate / s', cell: (s) => deltaCell(s.rps, fmtRate, '') },
    { header: 'Error rate', cell: (s) => deltaCell(s.errorRate, pct, ' %', true) },
    { header: 'Noise (CV p95)', numeric: true, cell: (s) => s.noise.toFixed(2) },
  ];
  return table({ id, label: 'Comparison', columns, rows, empty: 'Nothing to compare.', rowClass: (s) => (s.regressed ? 'bad' : undefined) });
}
