/**
 * Per-flow and per-step tables: counts, rates, the latency percentiles, errors and checks,
 * plus a table of the step-specific measures (poll attempts, time to first event, …).
 */
import type { FlowReport, HistogramSummary, Report, StepReport } from '../model.js';
import { escapeHtml } from './escape.js';
import { fmtCount, fmtRate, fmtUsAsMs, perSecond } from './format.js';
import { table, type Column } from './table.js';

const PERCENTILES: Array<[keyof HistogramSummary, string]> = [
  ['p50', 'p50'], ['p90', 'p90'], ['p95', 'p95'], ['p99', 'p99'], ['p999', 'p99.9'], ['max', 'max'],
];

/** Percentile columns of a histogram (µs shown as ms, counts as numbers). */
export function percentileColumns<T>(get: (row: T) => HistogramSummary | undefined, suffix = ' ms'): Column<T>[] {
  return PERCENTILES.map(([key, label]) => ({
    header: `${label}${suffix}`,
    numeric: true,
    cell: (row: T) => {
      const h = get(row);
      if (!h || h.count === 0) return '<span class="muted">–</span>';
      const v = h[key] as number;
      return h.unit === 'us' ? fmtUsAsMs(v) : fmtCount(v);
    },
  }));
}

function errorTotal(errors: StepReport['errors']): number {
  return Object.values(errors).reduce((a, b) => a + (b ?? 0), 0);
}

function errorsCell(errors: StepReport['errors']): string {
  const total = errorTotal(errors);
  if (total === 0) return '0';
  const kinds = Object.entries(errors).filter(([, n]) => (n ?? 0) > 0);
  const detail = kinds.length === 1 ? (kinds[0]?.[0] ?? '') : kinds.map(([k, n]) => `${k} ${n}`).join(', ');
  return `<span class="up">${fmtCount(total)}</span> <span class="muted">${escapeHtml(detail)}</span>`;
}

function checksCell(checks: StepReport['checks']): string {
  const passed = checks.reduce((a, c) => a + c.passed, 0);
  const failed = checks.reduce((a, c) => a + c.failed, 0);
  if (passed + failed === 0) return '<span class="muted">–</span>';
  return failed > 0 ? `<span class="up">${fmtCount(failed)} failed</span> / ${fmtCount(passed + failed)}` : `${fmtCount(passed)} ok`;
}

/** A flow's errors: the sum over its steps, by category. */
function flowErrors(f: FlowReport): StepReport['errors'] {
  const sum: StepReport['errors'] = {};
  for (const s of f.steps) {
    for (const [k, n] of Object.entries(s.errors) as Array<[keyof StepReport['errors'], number | undefined]>) {
      sum[k] = (sum[k] ?? 0) + (n ?? 0);
    }
  }
  return sum;
}

function flowTable(report: Report): string {
  const dur = report.run.durationMs;
  const open = report.flows.some((f) => f.durationUncorrected);
  const columns: Column<FlowReport>[] = [
    { header: 'Flow', cell: (f) => `<strong>${escapeHtml(f.name)}</strong>${f.skipped ? ' <span class="badge muted">skipped</span>' : ''}` },
    { header: 'Iterations', numeric: true, cell: (f) => fmtCount(f.iterations) },
    { header: 'Passed', numeric: true, cell: (f) => fmtCount(f.passed) },
    { header: 'Failed', numeric: true, cell: (f) => (f.failed > 0 ? `<span class="up">${fmtCount(f.failed)}</span>` : '0') },
    { header: 'Dropped', numeric: true, cell: (f) => fmtCount(f.dropped) },
    { header: 'Flows / s', numeric: true, cell: (f) => fmtRate(perSecond(f.iterations, dur)) },
    ...percentileColumns<FlowReport>((f) => f.duration),
    { header: 'Errors', cell: (f) => errorsCell(flowErrors(f)) },
    { header: 'Checks', cell: (f) => checksCell(f.steps.flatMap((s) => s.checks)) },
  ];
  if (!open) return table({ id: 'flows-table', label: 'Flows', columns, rows: report.flows, empty: 'No flows ran.' });
  for (const key of ['p50', 'p95', 'p99'] as const) {
    columns.push({
      header: `${key} ms from actual start`,
      numeric: true,
      cell: (f) => (f.durationUncorrected && f.durationUncorrected.count > 0 ? fmtUsAsMs(f.durationUncorrected[key]) : '<span class="muted">–</span>'),
    });
  }
  return (
    table({ id: 'flows-table', label: 'Flows', columns, rows: report.flows, empty: 'No flows ran.' }) +
    `<p class="muted" id="flows-open-note">Open model: p50 … max are measured from each flow's intended start ` +
    `(coordinated omission corrected: a late start counts as waiting); the "from actual start" columns from when it really started.</p>`
  );
}

function stepTable(report: Report): string {
  const dur = report.run.durationMs;
  const rows = report.flows.flatMap((f) => f.steps);
  const columns: Column<StepReport>[] = [
    { header: 'Flow', cell: (s) => escapeHtml(s.flow) },
    { header: 'Step', cell: (s) => `<strong>${escapeHtml(s.name)}</strong> <span class="muted">${escapeHtml(s.kind)}</span>` },
    { header: 'Requests', numeric: true, cell: (s) => fmtCount(s.requests) },
    { header: 'Req / s', numeric: true, cell: (s) => fmtRate(perSecond(s.requests, dur)) },
    ...percentileColumns<StepReport>((s) => s.histograms['latency']),
    { header: 'Errors', cell: (s) => errorsCell(s.errors) },
    { header: 'Checks', cell: (s) => checksCell(s.checks) },
  ];
  return table({ id: 'steps-table', label: 'Steps', columns, rows, empty: 'No steps ran.' });
}

interface MeasureRow {
  label: string;
  name: string;
  h: HistogramSummary;
}

function measuresTable(report: Report): string {
  const rows: MeasureRow[] = report.flows.flatMap((f) =>
    f.steps.flatMap((s) =>
      Object.entries(s.histograms)
        .filter(([name, h]) => name !== 'latency' && h.count > 0)
        .map(([name, h]) => ({ label: `${s.flow} / ${s.name}`, name, h })),
    ),
  );
  if (rows.length === 0) return '';
  const columns: Column<MeasureRow>[] = [
    { header: 'Step', cell: (r) => escapeHtml(r.label) },
    { header: 'Measure', cell: (r) => `<strong>${escapeHtml(r.name)}</strong> <span class="muted">${r.h.unit === 'us' ? 'ms' : 'count'}</span>` },
    { header: 'Count', numeric: true, cell: (r) => fmtCount(r.h.count) },
    ...percentileColumns<MeasureRow>((r) => r.h, ''),
  ];
  return `<h3>Step measures</h3>${table({ id: 'measures-table', label: 'Step measures', columns, rows })}`;
}

interface CheckRow {
  step: StepReport;
  name: string;
  passed: number;
  failed: number;
}

function checksTable(report: Report): string {
  const rows: CheckRow[] = report.flows.flatMap((f) => f.steps.flatMap((step) => step.checks.map((c) => ({ step, ...c }))));
  if (rows.length === 0) return '';
  const columns: Column<CheckRow>[] = [
    { header: 'Step', cell: (r) => `${escapeHtml(r.step.flow)} / ${escapeHtml(r.step.name)}` },
    { header: 'Check', cell: (r) => `<code>${escapeHtml(r.name)}</code>` },
    { header: 'Passed', numeric: true, cell: (r) => fmtCount(r.passed) },
    { header: 'Failed', numeric: true, cell: (r) => (r.failed > 0 ? `<span class="up">${fmtCount(r.failed)}</span>` : '0') },
  ];
  return `<h3>Checks</h3>${table({ id: 'checks-table', label: 'Checks', columns, rows, rowClass: (r) => (r.failed > 0 ? 'bad' : undefined) })}`;
}

export function tablesSection(report: Report): string {
  return (
    `<section class="card" id="flows"><h2>Flows</h2>${flowTable(report)}</section>` +
    `<section class="card" id="steps"><h2>Steps</h2>${stepTable(report)}${measuresTable(report)}${checksTable(report)}</section>`
  );
}
