/**
 * `phrony-harness compare baseline.json current.json [--format text|md|html] [--out FILE]
 *  [--tolerance p95=10%,p99=20%,errors=0.5pp,rps=10%]`: the regression verdict between two
 * reports. Exit 4 on a regression, 0 otherwise, 2 on bad usage or an unreadable/invalid report.
 */
import { parseArgs } from 'node:util';
import { isAbsolute, resolve } from 'node:path';
import { EXIT } from '../exit-codes.js';
import type { Command, CliIo } from '../io.js';
import { readReport } from '../../report/read.js';
import { writeFileAtomic } from '../../report/write.js';
import { isReportError } from '../../report/errors.js';
import { compareReports, parseTolerances, renderCompareMarkdown, renderCompareText } from '../../report/compare.js';
import type { Comparison, Tolerances } from '../../report/compare.js';
import { renderCompareHtml } from '../../report/html/render.js';

const HELP = `Usage: phrony-harness compare baseline.json current.json [--format text|md|html] [--out FILE]
                              [--tolerance p95=10%,p99=20%,errors=0.5pp,rps=10%]

Compares two reports step by step and flow by flow (p50/p95/p99, throughput, error rate).
A change counts as a regression only beyond its tolerance and the baseline's own noise.
Default tolerances: p50 +25%, p95 +10%, p99 +20%, throughput -10%, errors +0.5pp.
Exit codes: 0 no regression · 4 regression · 2 bad usage or unreadable/invalid report
`;

const FORMATS = ['text', 'md', 'html'] as const;
type Format = (typeof FORMATS)[number];

function fail(io: CliIo, message: string): number {
  io.stderr(`phrony-harness compare: ${message}\n`);
  return EXIT.usage;
}

function render(format: Format, cmp: Comparison, io: CliIo): string {
  if (format === 'md') return renderCompareMarkdown(cmp);
  if (format === 'html') return renderCompareHtml(cmp);
  return renderCompareText(cmp, io.columns === undefined ? {} : { columns: io.columns });
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f' },
      out: { type: 'string', short: 'o' },
      tolerance: { type: 'string', short: 't' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

export const command: Command = async (argv, io) => {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    return fail(io, `${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
  }
  if (parsed.values.help === true) {
    io.stdout(HELP);
    return EXIT.pass;
  }
  const format = (parsed.values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) return fail(io, `unknown format "${format}" (use ${FORMATS.join(', ')})`);
  const [baseFile, curFile, ...extra] = parsed.positionals;
  if (baseFile === undefined || curFile === undefined || extra.length > 0) {
    return fail(io, `expected a baseline and a current report\n\n${HELP}`);
  }
  let tolerances: Partial<Tolerances> = {};
  if (parsed.values.tolerance !== undefined) {
    const t = parseTolerances(parsed.values.tolerance);
    if ('error' in t) return fail(io, t.error);
    tolerances = t.tolerances;
  }
  const abs = (f: string): string => (isAbsolute(f) ? f : resolve(io.cwd, f));
  try {
    const [baseline, current] = await Promise.all([readReport(abs(baseFile)), readReport(abs(curFile))]);
    const cmp = compareReports(baseline, current, tolerances);
    const text = render(format, cmp, io);
    if (parsed.values.out === undefined) io.stdout(text);
    else {
      const out = abs(parsed.values.out);
      await writeFileAtomic(out, text);
      io.stdout(`${cmp.regressed ? 'REGRESSED' : 'NO REGRESSION'}: wrote ${out}\n`);
    }
    return cmp.regressed ? EXIT.regression : EXIT.pass;
  } catch (err) {
    if (isReportError(err)) return fail(io, err.message);
    throw err;
  }
};
