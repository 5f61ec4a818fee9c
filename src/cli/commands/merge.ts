/**
 * `phrony-harness merge a.json b.json … --out DIR [--suite suite.yaml]`: combines shard reports
 * into one whose histograms are exactly those of the combined samples (src/report/merge.ts),
 * writes the report folder, prints the console summary, and exits with the merged verdict.
 * With `--suite`, thresholds are re-evaluated on the merged data; without it each shard's own
 * threshold results are kept, marked with the shard they come from.
 */
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderConsoleSummary } from '../../report/console.js';
import { isReportError } from '../../report/errors.js';
import { mergeReports } from '../../report/merge.js';
import type { Report } from '../../report/model.js';
import { readReport } from '../../report/read.js';
import { writeReportFolder } from '../../report/write.js';
import { formatProblem, loadSuiteFile } from '../../suite/load.js';
import type { ThresholdSpec } from '../../suite/types.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo, Command } from '../io.js';

const HELP = `Usage: phrony-harness merge a.json b.json ... --out DIR [--suite suite.yaml]

Merges the report.json of every shard of one suite into one report folder. Histograms add
bucket by bucket, so the merged percentiles are those of all samples together.
  --out DIR       report folder to write (report.json, report.html, junit.xml, summary.md)
  --suite FILE    re-evaluate the suite's thresholds on the merged data (default: keep each
                  shard's own results, marked with their shard)
Exit codes: the merged verdict (0, 1, 3, 5, 130) · 2 bad usage, unreadable report or shards
of different suites
`;

class UsageError extends Error {}

interface Args {
  files: string[];
  out: string;
  suite?: string;
}

function parse(argv: string[], io: CliIo): Args | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { out: { type: 'string' }, suite: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (parsed.values.help === true) return 'help';
  const at = (p: string): string => (isAbsolute(p) ? p : resolve(io.cwd, p));
  if (parsed.positionals.length === 0) throw new UsageError('give the report.json of every shard to merge');
  if (parsed.values.out === undefined) throw new UsageError('--out DIR is required');
  return {
    files: parsed.positionals.map(at),
    out: at(parsed.values.out),
    ...(parsed.values.suite !== undefined ? { suite: at(parsed.values.suite) } : {}),
  };
}

/** The suite's thresholds; warns when the suite is not the one the shards ran. */
async function suiteThresholds(file: string, reports: Report[], io: CliIo): Promise<ThresholdSpec[]> {
  const loaded = await loadSuiteFile(file);
  if (!loaded.ok) throw new UsageError(`${file} is not a valid suite:\n${loaded.problems.map(formatProblem).join('\n')}`);
  if (reports.some((r) => r.suite.digest !== loaded.suite.digest)) {
    io.stderr(`phrony-harness merge: warning: ${file} differs from the suite the shards ran; its thresholds are applied as they are now\n`);
  }
  return loaded.suite.thresholds;
}

async function merge(args: Args, io: CliIo): Promise<number> {
  const reports: Report[] = [];
  for (const file of args.files) reports.push(await readReport(file));
  const thresholds = args.suite !== undefined ? await suiteThresholds(args.suite, reports, io) : undefined;
  const merged = mergeReports(reports, thresholds !== undefined ? { thresholds } : {});
  await writeReportFolder(args.out, merged);
  io.stdout(`${renderConsoleSummary(merged, { ...(io.columns !== undefined ? { columns: io.columns } : {}) })}\n`);
  io.stdout(`merged ${reports.length} reports: ${args.out}\n`);
  return merged.verdict.exitCode;
}

export const command: Command = async (argv, io) => {
  try {
    const args = parse(argv, io);
    if (args === 'help') {
      io.stdout(HELP);
      return EXIT.pass;
    }
    return await merge(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`phrony-harness merge: ${err.message}\n\n${HELP}`);
      return EXIT.usage;
    }
    if (isReportError(err)) {
      io.stderr(`phrony-harness merge: ${err.message}\n`);
      return err.code === 'REPORT_WRITE_FAILED' ? EXIT.aborted : EXIT.usage;
    }
    throw err;
  }
};
