/** bench/results.md and the console table from the figures of one run. */
import type { FigureResult } from './figure.js';

export interface MachineInfo {
  date: string;
  cores: number;
  cpu: string;
  node: string;
  pinning: string;
  server: string;
  /** 1-minute load average at the start and the end of the run (other processes add noise). */
  load: [number, number];
}

function mark(met: boolean | undefined): string {
  if (met === undefined) return '';
  return met ? '✓' : '✗';
}

export function consoleTable(figures: FigureResult[]): string {
  const lines: string[] = [];
  for (const f of figures) {
    lines.push(`${f.id}. ${f.title}`);
    if (f.notMeasured !== undefined) lines.push(`   ${f.notMeasured}`);
    for (const r of f.rows) {
      const goal = r.goal !== undefined ? `  (goal ${r.goal}) ${mark(r.met)}` : '';
      lines.push(`   ${r.label}: ${r.measured}${goal}`);
    }
    for (const n of f.notes) lines.push(`   ${n}`);
  }
  return `${lines.join('\n')}\n`;
}

function figureSection(f: FigureResult): string[] {
  const out = [`## ${f.id}. ${f.title}`, '', f.meaning, ''];
  if (f.setup !== '') out.push(`Setup: ${f.setup}.`, '');
  if (f.notMeasured !== undefined) out.push(`**${f.notMeasured}**`, '');
  if (f.rows.length > 0) {
    out.push('| figure | measured | goal | met |', '| --- | --- | --- | --- |');
    for (const r of f.rows) out.push(`| ${r.label} | ${r.measured} | ${r.goal ?? ''} | ${mark(r.met)} |`);
    out.push('');
  }
  for (const n of f.notes) out.push(n, '');
  return out;
}

export function resultsMarkdown(m: MachineInfo, command: string, figures: FigureResult[]): string {
  const summary = figures.map((f) => {
    if (f.notMeasured !== undefined) return `| ${f.id}. ${f.title} | ${f.notMeasured} | | |`;
    return f.rows.filter((r) => r.goal !== undefined).map((r) => `| ${f.id}. ${r.label} | ${r.measured} | ${r.goal ?? ''} | ${mark(r.met)} |`).join('\n');
  }).filter((l) => l !== '');
  return [
    '# Benchmark results',
    '',
    `Measured ${m.date} on ${m.cores} × ${m.cpu}, Node ${m.node}. ${m.pinning}. Fixed-response server: ${m.server}.`,
    `Load average (1 min) at the start / end of the run: ${m.load[0].toFixed(2)} / ${m.load[1].toFixed(2)} — anything well above 0 means other processes shared the cores.`,
    '',
    `Reproduce: \`${command}\` (see [README.md](README.md) for what the figures depend on).`,
    '',
    '| figure | measured | goal | met |',
    '| --- | --- | --- | --- |',
    ...summary,
    '',
    'Ratios are ours / reference, the median over interleaved rounds (A, B, A, B…) within one run.',
    '',
    ...figures.flatMap(figureSection),
  ].join('\n');
}
