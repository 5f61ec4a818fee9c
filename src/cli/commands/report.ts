/**
 * `phrony-harness report report.json --format html|junit|md|json|text [--out FILE]`: re-renders
 * a saved report. md, junit, json and text print to stdout unless --out is given; html is
 * written next to the input (report.json → report.html) unless --out is given.
 * Exit 0 on success, 2 on bad usage, an unreadable or invalid report, or a failed write.
 */
import { parseArgs } from 'node:util';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { EXIT } from '../exit-codes.js';
import type { Command, CliIo } from '../io.js';
import { readReport } from '../../report/read.js';
import { writeFileAtomic } from '../../report/write.js';
import { isReportError } from '../../report/errors.js';
import { renderHtml } from '../../report/html/render.js';
import { renderJunit } from '../../report/junit.js';
import { renderMarkdown } from '../../report/markdown.js';
import { renderConsoleSummary } from '../../report/console.js';
import type { Report } from '../../report/model.js';

const HELP = `Usage: phrony-harness report report.json [--format html|junit|md|json|text] [--out FILE]

Re-renders a saved report.json. Default format: md.
  md, junit, json, text   printed to stdout (or written to --out FILE)
  html                    written next to the input (report.json -> report.html) or to --out FILE
Exit codes: 0 done · 2 bad usage, unreadable or invalid report, or the output could not be written
`;

const FORMATS = ['html', 'junit', 'md', 'json', 'text'] as const;
type Format = (typeof FORMATS)[number];

function render(format: Format, report: Report, io: CliIo): string {
  switch (format) {
    case 'html':
      return renderHtml(report);
    case 'junit':
      return renderJunit(report);
    case 'md':
      return renderMarkdown(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'text':
      return renderConsoleSummary(report, { columns: io.columns ?? 100, color: false });
  }
}

function defaultHtmlPath(input: string): string {
  const stem = basename(input, extname(input));
  return join(dirname(input), `${stem}.html`);
}

function fail(io: CliIo, message: string): number {
  io.stderr(`phrony-harness report: ${message}\n`);
  return EXIT.usage;
}

export const command: Command = async (argv, io) => {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { format: { type: 'string', short: 'f' }, out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    return fail(io, `${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
  }
  if (parsed.values.help === true) {
    io.stdout(HELP);
    return EXIT.pass;
  }
  const format = (parsed.values.format ?? 'md') as Format;
  if (!FORMATS.includes(format)) return fail(io, `unknown format "${format}" (use ${FORMATS.join(', ')})`);
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) return fail(io, `expected exactly one report file\n\n${HELP}`);
  const input = isAbsolute(file) ? file : resolve(io.cwd, file);
  try {
    const report = await readReport(input);
    const text = render(format, report, io);
    const outArg = parsed.values.out;
    const out = outArg !== undefined ? (isAbsolute(outArg) ? outArg : resolve(io.cwd, outArg)) : format === 'html' ? defaultHtmlPath(input) : undefined;
    if (out === undefined) {
      io.stdout(text);
      return EXIT.pass;
    }
    await writeFileAtomic(out, text);
    io.stdout(`wrote ${out}\n`);
    return EXIT.pass;
  } catch (err) {
    if (isReportError(err)) return fail(io, err.message);
    throw err;
  }
};
