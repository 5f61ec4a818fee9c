/** Text and Markdown views of a Comparison (the HTML overlay lives in src/report/html). */
import type { ComparedSeries, Comparison, MetricDelta } from './compare-types.js';
import { cell } from './markdown.js';
import { textTable } from './text-table.js';

function num(v: number | null): string {
  if (v === null) return '–';
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function relative(d: MetricDelta): string {
  if (d.changePct === null) return '';
  return ` (${d.changePct >= 0 ? '+' : ''}${d.changePct}%)`;
}

function points(d: MetricDelta): string {
  if (d.change === null) return '';
  return ` (${d.change >= 0 ? '+' : ''}${num(d.change)} pp)`;
}

/** "120 → 161 (+34.2%)", or in percentage points for rates; "!" marks a regression. */
function side(d: MetricDelta, inPoints = false): string {
  return `${num(d.baseline)} → ${num(d.current)}${inPoints ? points(d) : relative(d)}${d.regressed ? ' !' : ''}`;
}

function row(s: ComparedSeries): string[] {
  return [
    s.label + (s.judged ? '' : ' (too few samples)'),
    `${s.count.baseline} → ${s.count.current}`,
    side(s.p50),
    side(s.p95),
    side(s.p99),
    side(s.rps),
    side(s.errorRate, true),
  ];
}

const HEAD = ['series', 'count', 'p50 ms', 'p95 ms', 'p99 ms', 'rps', 'error %'];

function verdictLine(cmp: Comparison): string {
  return cmp.regressed ? `REGRESSED (${cmp.reasons.length} finding${cmp.reasons.length === 1 ? '' : 's'})` : 'NO REGRESSION';
}

function notes(cmp: Comparison): string[] {
  const out: string[] = [];
  if (!cmp.sameSuite) out.push('The reports come from different suites (digests differ): series are matched by name.');
  if (cmp.onlyInBaseline.length > 0) out.push(`Only in the baseline: ${cmp.onlyInBaseline.join(', ')}`);
  if (cmp.onlyInCurrent.length > 0) out.push(`Only in the current run: ${cmp.onlyInCurrent.join(', ')}`);
  return out;
}

function toleranceLine(cmp: Comparison): string {
  const t = cmp.tolerances;
  const p = (v: number): string => `${Math.round(v * 1000) / 10}%`;
  return `Tolerances: p50 +${p(t.p50)}, p95 +${p(t.p95)}, p99 +${p(t.p99)}, throughput −${p(t.rps)}, errors +${t.errorRatePp} pp; noise floor ${t.noiseK} × CV of the baseline's per-interval p95.`;
}

export function renderCompareText(cmp: Comparison, options: { columns?: number } = {}): string {
  const rows = [HEAD, ...[cmp.totals, ...cmp.flows, ...cmp.steps].map(row)];
  const lines = [
    `Baseline ${cmp.baseline.runId} (${cmp.baseline.startedAt}) vs current ${cmp.current.runId} (${cmp.current.startedAt})`,
    '',
    ...textTable(rows, ['left', 'right', 'right', 'right', 'right', 'right', 'right'], options.columns ?? 160),
    '',
    ...notes(cmp),
    toleranceLine(cmp),
    '',
    verdictLine(cmp),
    ...cmp.reasons.map((r) => `  - ${r}`),
    '',
  ];
  return lines.join('\n');
}

export function renderCompareMarkdown(cmp: Comparison): string {
  const rows = [cmp.totals, ...cmp.flows, ...cmp.steps].map((s) => row(s).map(cell));
  return [
    `## phrony-harness compare: ${verdictLine(cmp)}`,
    '',
    `Baseline \`${cell(cmp.baseline.runId)}\` (${cmp.baseline.startedAt}) vs current \`${cell(cmp.current.runId)}\` (${cmp.current.startedAt}).`,
    ...(cmp.reasons.length > 0 ? ['', ...cmp.reasons.map((r) => `- ${cell(r)}`)] : []),
    '',
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    ...notes(cmp).map((n) => `${cell(n)}  `),
    toleranceLine(cmp),
    '',
  ].join('\n');
}
