/**
 * summary.md: a compact summary for pull requests and `$GITHUB_STEP_SUMMARY`. Plain words for
 * the status (no emoji), tables that stay readable in a PR comment.
 */
import type { Certification, HistogramSummary, Report } from './model.js';
import { fmtDuration, fmtMs, fmtRate, fmtThresholdActual, perSecond, statusWord, sumValues } from './format.js';

/** Most failures listed. */
const TOP_FAILURES = 10;

/** Escapes a table cell: pipes and line breaks would break the table. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/`/g, "'");
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function header(report: Report): string[] {
  const d = report.run.durationMs;
  const lines = [
    `## phrony-harness: ${cell(report.suite.name)}: ${statusWord(report)} (exit ${report.verdict.exitCode})`,
    '',
    `Target \`${cell(report.target.baseUrl)}\`${report.target.embedded ? ' (embedded reference server)' : ''} · ` +
      `${fmtDuration(d)} · ${report.totals.requests} requests · ${fmtRate(perSecond(report.totals.requests, d))} req/s · ` +
      `${report.totals.iterations} iterations · checks ${report.totals.checks.passed} passed, ${report.totals.checks.failed} failed` +
      (report.run.mergedFrom !== undefined ? ` · merged from ${report.run.mergedFrom} reports` : ''),
  ];
  if (report.verdict.reasons.length > 0) lines.push('', ...report.verdict.reasons.map((r) => `- ${cell(r)}`));
  return lines;
}

function stepsTable(report: Report): string[] {
  const rows = report.flows
    .filter((f) => f.skipped === undefined)
    .flatMap((f) =>
      f.steps.map((s) => {
        const lat = s.histograms['latency'];
        const failedChecks = s.checks.reduce((n, c) => n + c.failed, 0);
        return [
          cell(f.name),
          cell(s.name),
          String(s.requests),
          fmtRate(perSecond(s.requests, report.run.durationMs)),
          lat && lat.count > 0 ? fmtMs(lat.p50) : '–',
          lat && lat.count > 0 ? fmtMs(lat.p95) : '–',
          lat && lat.count > 0 ? fmtMs(lat.p99) : '–',
          lat && lat.count > 0 ? fmtMs(lat.max) : '–',
          String(sumValues(s.errors)),
          String(failedChecks),
        ];
      }),
    );
  if (rows.length === 0) return [];
  const measured = report.flows.some((f) => f.steps.some((s) => s.kind === 'poll' || s.kind === 'stream'));
  const note = measured ? ['', 'Latency of a poll step is its time to the awaited status; of a stream step, the whole stream.'] : [];
  return ['', '### Steps', '', ...table(['flow', 'step', 'requests', 'rps', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', 'failed checks'], rows), ...note];
}

function percentiles(h: HistogramSummary | undefined): string[] {
  return (['p50', 'p95', 'p99'] as const).map((k) => (h !== undefined && h.count > 0 ? fmtMs(h[k]) : '–'));
}

/** Open model (an uncorrected duration present): both figures, each labelled with where it starts. */
function flowsTable(report: Report): string[] {
  const ran = report.flows.filter((f) => f.skipped === undefined);
  const open = ran.some((f) => f.durationUncorrected !== undefined);
  const rows = ran.map((f) => [
    cell(f.name),
    String(f.iterations),
    String(f.passed),
    String(f.failed),
    String(f.dropped),
    ...percentiles(f.duration),
    ...(open ? percentiles(f.durationUncorrected) : []),
  ]);
  if (rows.length === 0) return [];
  const corrected = open ? ['p50 ms from intended start', 'p95 ms from intended start', 'p99 ms from intended start'] : ['p50 ms', 'p95 ms', 'p99 ms'];
  const actual = open ? ['p50 ms from actual start', 'p95 ms from actual start', 'p99 ms from actual start'] : [];
  const note = open ? ['', 'Open model: "from intended start" counts the wait of a late arrival (coordinated omission corrected); "from actual start" does not.'] : [];
  return ['', '### Flows', '', ...table(['flow', 'iterations', 'passed', 'failed', 'dropped', ...corrected, ...actual], rows), ...note];
}

function thresholdsTable(report: Report): string[] {
  if (report.thresholds.length === 0) return [];
  const rows = report.thresholds.map((t) => [
    `\`${cell(t.metric)}\``,
    `\`${cell(t.expression)}\``,
    fmtThresholdActual(t),
    (t.passed ? 'pass' : 'FAIL') + (t.aborted ? ' (aborted the run)' : '') + (t.fromShard !== undefined ? ` (shard ${t.fromShard})` : ''),
  ]);
  return ['', '### Thresholds', '', ...table(['metric', 'threshold', 'actual', 'result'], rows)];
}

function failuresTable(report: Report): string[] {
  if (report.failures.length === 0) return [];
  const top = [...report.failures].sort((a, b) => b.count - a.count).slice(0, TOP_FAILURES);
  const rows = top.map((f) => [String(f.count), cell(`${f.flow} / ${f.step}`), cell(f.check), cell(f.message.slice(0, 200))]);
  const more = report.failures.length > TOP_FAILURES ? ['', `${report.failures.length - TOP_FAILURES} more kinds of failure in report.json.`] : [];
  return ['', '### Top failures', '', ...table(['count', 'flow / step', 'check', 'message'], rows), ...more];
}

function skippedList(report: Report): string[] {
  const skipped = report.flows.filter((f) => f.skipped !== undefined);
  if (skipped.length === 0) return [];
  return ['', '### Skipped flows', '', ...skipped.map((f) => `- ${cell(f.name)}: ${cell(f.skipped?.reason ?? '')}`)];
}

function generator(report: Report): string[] {
  const g = report.generator;
  const d = g.eventLoopDelay;
  const health = g.unreliable ? `UNRELIABLE: ${g.reasons.map(cell).join('; ')}` : 'reliable';
  return ['', '### Load generator', '', `Event-loop delay p99 ${fmtMs(d.p99)} ms, max ${fmtMs(d.max)} ms: ${health}.`];
}

/** Areas left unchecked and the flags that would cover them. */
function coverageLines(c: Certification): string[] {
  const uncovered = (c.coverage ?? []).filter((a) => !a.covered);
  if (uncovered.length === 0) return c.coverage === undefined ? [] : ['', 'Every area of the plan was covered.'];
  const rows = uncovered.map((a) => [cell(a.area), String(a.requirements), a.prerequisites.map((p) => `\`${cell(p)}\``).join(' and ')]);
  return ['', ...table(['area not covered', 'requirements', 'missing prerequisite'], rows)];
}

/** Request count and digest, with how to verify the digest. */
function certificateFacts(c: Certification): string[] {
  const lines: string[] = [];
  if (c.requests !== undefined) lines.push(`${c.requests} requests sent to the target.`);
  if (c.digest !== undefined) lines.push(`Digest: \`sha256 ${cell(c.digest)}\` (verify with \`phrony-harness certify --verify report.json\`).`);
  return lines.length === 0 ? [] : ['', lines.join(' ')];
}

function certification(report: Report): string[] {
  const c = report.certification;
  if (c === undefined) return [];
  const failed = c.requirements.filter((r) => r.status === 'fail');
  const rows = failed.map((r) => [cell(r.id), r.level, cell(r.section), cell(r.statement)]);
  return [
    '', `### Certification: ${c.verdict}`, '',
    ...(rows.length > 0 ? table(['failed requirement', 'level', 'section', 'statement'], rows) : ['No requirement failed.']),
    ...coverageLines(c),
    ...certificateFacts(c),
  ];
}

export function renderMarkdown(report: Report): string {
  return [
    ...header(report),
    ...certification(report),
    ...stepsTable(report),
    ...flowsTable(report),
    ...thresholdsTable(report),
    ...failuresTable(report),
    ...skippedList(report),
    ...generator(report),
    '',
  ].join('\n');
}
