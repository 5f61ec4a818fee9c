/**
 * `phrony-harness validate a.yaml b.yaml …`: every problem of every file as
 * `file:line:col: error: message` (and `  hint: …`), `ok <file> (<n> flows, <m> steps)` for
 * valid files, then one count line. Exit 2 when any file has an error, else 0.
 */
import { parseArgs } from 'node:util';
import { isAbsolute, resolve } from 'node:path';
import { EXIT } from '../exit-codes.js';
import type { Command, CliIo } from '../io.js';
import { formatProblem, loadSuiteFile } from '../../suite/load.js';
import type { LoadResult, Problem } from '../../suite/load.js';

const HELP = `Usage: phrony-harness validate suite.yaml [more.yaml ...]

Checks suites without running them and prints every problem as file:line:col.
Exit codes: 0 all valid (warnings allowed) · 2 any error or bad usage
`;

interface Tally {
  invalid: number;
  errors: number;
  warnings: number;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function printProblems(io: CliIo, problems: Problem[]): void {
  for (const p of problems) io.stdout(`${formatProblem(p)}\n`);
}

/** loadSuiteFile reports problems rather than throwing; a throw here is a harness bug, said plainly. */
async function load(io: CliIo, file: string): Promise<LoadResult> {
  try {
    return await loadSuiteFile(isAbsolute(file) ? file : resolve(io.cwd, file));
  } catch (err) {
    const message = `internal error while checking this file: ${err instanceof Error ? err.message : String(err)}`;
    return { ok: false, problems: [{ file, line: 1, col: 1, code: 'INTERNAL', message, severity: 'error' }] };
  }
}

async function validateOne(io: CliIo, file: string, tally: Tally): Promise<void> {
  const result = await load(io, file);
  const relabel = (p: Problem): Problem => ({ ...p, file });
  if (!result.ok) {
    const problems = result.problems.map(relabel);
    printProblems(io, problems);
    tally.invalid += 1;
    tally.errors += problems.filter((p) => p.severity === 'error').length;
    tally.warnings += problems.filter((p) => p.severity === 'warning').length;
    return;
  }
  printProblems(io, result.warnings.map(relabel));
  tally.warnings += result.warnings.length;
  const steps = result.suite.flows.reduce((n, f) => n + f.steps.length, 0);
  io.stdout(`ok ${file} (${plural(result.suite.flows.length, 'flow')}, ${plural(steps, 'step')})\n`);
}

export const command: Command = async (argv, io) => {
  let files: string[];
  try {
    const parsed = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
    if (parsed.values.help === true) {
      io.stdout(HELP);
      return EXIT.pass;
    }
    files = parsed.positionals;
  } catch (err) {
    io.stderr(`phrony-harness validate: ${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
    return EXIT.usage;
  }
  if (files.length === 0) {
    io.stderr(`phrony-harness validate: no suite files given\n\n${HELP}`);
    return EXIT.usage;
  }
  const tally: Tally = { invalid: 0, errors: 0, warnings: 0 };
  for (const file of files) {
    if (io.signal.aborted) break;
    await validateOne(io, file, tally);
  }
  const valid = files.length - tally.invalid;
  io.stdout(`${plural(files.length, 'file')} checked: ${valid} valid, ${tally.invalid} invalid (${plural(tally.errors, 'error')}, ${plural(tally.warnings, 'warning')})\n`);
  return tally.errors > 0 ? EXIT.usage : EXIT.pass;
};
