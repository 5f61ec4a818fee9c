/**
 * The summary printed at the end of a run: steps, flows, thresholds, top failures and the
 * verdict, sized to the terminal. The caller prints the report folder after it.
 */
import type { Report } from './model.js';
import { fmtDuration, fmtMs, fmtRate, fmtThresholdActual, perSecond, statusWord, sumValues } from './format.js';
import { textTable } from './text-table.js';

export interface ConsoleSummaryOptions {
  /** Terminal width in columns. Default 100. */
  columns?: number;
  /** ANSI colours. Default false. */
  color?: boolean;
}

/** Most failures shown. */
const TOP_FAILURES = 5;

type Paint = (code: number, text: string) => string;

function painter(color: boolean): Paint {
  return (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
}

function ms(us: number | undefined, count: number | undefined): string {
  return us === undefined || !count ? '–' : fmtMs(us);
}

function stepLines(report: Report, columns: number, paint: Paint): string[] {
  const rows = [['step', 'requests', 'rps', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', 'checks ✗']];
  for (const f of report.flows) {
    if (f.skipped !== undefined) continue;
    for (const s of f.steps) {
      const lat = s.histograms['latency'];
      const errors = sumValues(s.errors);
      const failed = s.checks.reduce((n, c) => n + c.failed, 0);
      rows.push([
        `${f.name} › ${s.name}`,
        String(s.requests),
        fmtRate(perSecond(s.requests, report.run.durationMs)),
        ms(lat?.p50, lat?.count),
        ms(lat?.p95, lat?.count),
        ms(lat?.p99, lat?.count),
        ms(lat?.max, lat?.count),
        errors > 0 ? paint(31, String(errors)) : '0',
        failed > 0 ? paint(31, String(failed)) : '0',
      ]);
    }
  }
  if (rows.length === 1) return [];
  return ['', paint(1, 'Steps'), ...textTable(rows, ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'], columns)];
}

/** Open model: the uncorrected columns' headers and the legend under the table. */
const ACTUAL_HEADERS = ['p50 actual', 'p95 actual', 'p99 actual'];
const OPEN_LEGEND = '  p50–p99 ms from the intended start (coordinated omission corrected); "actual": ms from the actual start';

function flowLines(report: Report, columns: number, paint: Paint): string[] {
  const open = report.flows.some((f) => f.skipped === undefined && f.durationUncorrected !== undefined);
  const rows = [['flow', 'iterations', 'passed', 'failed', 'dropped', 'p50 ms', 'p95 ms', 'p99 ms', ...(open ? ACTUAL_HEADERS : [])]];
  const skipped: string[] = [];
  for (const f of report.flows) {
    if (f.skipped !== undefined) {
      skipped.push(`  ${paint(33, 'skipped')} ${f.name}: ${f.skipped.reason}`);
      continue;
    }
    const d = f.duration;
    const u = f.durationUncorrected;
    rows.push([
      f.name,
      String(f.iterations),
      String(f.passed),
      f.failed > 0 ? paint(31, String(f.failed)) : '0',
      String(f.dropped),
      ms(d.p50, d.count),
      ms(d.p95, d.count),
      ms(d.p99, d.count),
      ...(open ? [ms(u?.p50, u?.count), ms(u?.p95, u?.count), ms(u?.p99, u?.count)] : []),
    ]);
  }
  const align = (rows[0] ?? []).map((_, i): 'left' | 'right' => (i === 0 ? 'left' : 'right'));
  const table = rows.length > 1 ? textTable(rows, align, columns) : [];
  return ['', paint(1, 'Flows'), ...table, ...(open && rows.length > 1 ? [OPEN_LEGEND] : []), ...skipped];
}

function thresholdLines(report: Report, paint: Paint): string[] {
  if (report.thresholds.length === 0) return [];
  const lines = report.thresholds.map((t) => {
    const mark = t.passed ? paint(32, '✓') : paint(31, '✗');
    const extra = t.aborted ? ' (aborted the run)' : '';
    return `  ${mark} ${t.metric}: ${t.expression}  actual ${fmtThresholdActual(t)}${extra}`;
  });
  return ['', paint(1, 'Thresholds'), ...lines];
}

function failureLines(report: Report, paint: Paint): string[] {
  if (report.failures.length === 0) return [];
  const top = [...report.failures].sort((a, b) => b.count - a.count).slice(0, TOP_FAILURES);
  const lines = top.map((f) => `  ${paint(31, `${f.count}×`)} ${f.flow} › ${f.step} › ${f.check}: ${f.message.split('\n')[0]?.slice(0, 160) ?? ''}`);
  const more = report.failures.length > TOP_FAILURES ? [`  … ${report.failures.length - TOP_FAILURES} more kinds in the report`] : [];
  return ['', paint(1, 'Failures'), ...lines, ...more];
}

function verdictLines(report: Report, paint: Paint): string[] {
  const word = statusWord(report);
  const colored = paint(report.verdict.passed ? 32 : 31, word);
  const d = report.run.durationMs;
  const head = `${colored} (exit ${report.verdict.exitCode}) · ${fmtDuration(d)} · ${report.totals.requests} requests · ${fmtRate(perSecond(report.totals.requests, d))} req/s · checks ${report.totals.checks.passed}/${report.totals.checks.passed + report.totals.checks.failed} passed`;
  const lines = ['', head, ...report.verdict.reasons.map((r) => `  - ${r}`)];
  if (report.generator.unreliable) lines.push(paint(33, `  ! load generator unreliable: ${report.generator.reasons.join('; ')}`));
  return lines;
}

export function renderConsoleSummary(report: Report, options: ConsoleSummaryOptions = {}): string {
  const columns = options.columns ?? 100;
  const paint = painter(options.color ?? false);
  return [
    ...stepLines(report, columns, paint),
    ...flowLines(report, columns, paint),
    ...thresholdLines(report, paint),
    ...failureLines(report, paint),
    ...verdictLines(report, paint),
    '',
  ].join('\n');
}
