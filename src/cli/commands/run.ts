/**
 * `phrony-harness run [suite.yaml ...]` (design.md §3): load and validate every suite first
 * (any problem → all printed, exit 2, nothing run), then run them one after another, print the
 * console summary and the report folder of each, and exit with the worst verdict.
 * Load options (`--rate`, `--concurrency`, `--workers`, `--shard`, `--start-at`, …) are
 * described in src/load/README.md.
 */
import { availableParallelism } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { redactUrl } from '../../http/redact.js';
import { suitesDir } from '../../paths.js';
import { compareReports, renderCompareText } from '../../report/compare.js';
import { renderConsoleSummary } from '../../report/console.js';
import { renderMarkdown } from '../../report/markdown.js';
import type { Report } from '../../report/model.js';
import { readReport } from '../../report/read.js';
import { isUnreachable } from '../../report/verdict.js';
import { appendStepSummary } from '../../report/write.js';
import { RunError } from '../../runner/errors.js';
import { effectiveLoad, type LoadOverrides } from '../../runner/load-profile.js';
import { assertRunnable, runSuite } from '../../runner/run.js';
import { checkShard, checkStartAt, parseShard, parseStartAt, type ShardSpec } from '../../runner/shard.js';
import { parseDuration } from '../../suite/duration.js';
import { formatProblem, loadSuiteFile } from '../../suite/load.js';
import type { Suite } from '../../suite/types.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo, Command } from '../io.js';
import { usage } from './index.js';

const OPTIONS = {
  'base-url': { type: 'string' },
  'api-key': { type: 'string' },
  'agent-id': { type: 'string' },
  var: { type: 'string', multiple: true },
  concurrency: { type: 'string' },
  iterations: { type: 'string' },
  duration: { type: 'string' },
  rate: { type: 'string' },
  'max-in-flight': { type: 'string' },
  workers: { type: 'string' },
  shard: { type: 'string' },
  'start-at': { type: 'string' },
  out: { type: 'string' },
  baseline: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Exit codes from most to least severe: a multi-suite run exits with the worst. */
const SEVERITY: readonly number[] = [EXIT.interrupted, EXIT.aborted, EXIT.usage, EXIT.regression, EXIT.thresholdsFailed, EXIT.checksFailed, EXIT.pass];

function worst(codes: number[]): number {
  for (const code of SEVERITY) if (codes.includes(code)) return code;
  return codes[0] ?? EXIT.pass;
}

class UsageError extends Error {}

interface Parsed {
  suites: string[];
  baseUrl?: string;
  envOverrides: Record<string, string>;
  vars: Record<string, string>;
  load: LoadOverrides;
  workers: number;
  shard?: ShardSpec;
  startAtMs?: number;
  out?: string;
  baseline?: string;
  quiet: boolean;
}

function positiveInt(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got "${text}"`);
  return n;
}

function positiveRate(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.replace(/\/s$/, ''));
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--rate must be a positive number of arrivals per second, got "${text}"`);
  return n;
}

function parseShardOption(text: string | undefined): ShardSpec | undefined {
  if (text === undefined) return undefined;
  const shard = parseShard(text);
  if (shard === undefined) throw new UsageError(`--shard expects i/N with 1 <= i <= N, got "${text}"`);
  return shard;
}

function parseStartAtOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const at = parseStartAt(text);
  if (at === undefined) throw new UsageError(`--start-at expects an ISO time (2026-01-02T03:04:05Z) or epoch milliseconds, got "${text}"`);
  return at;
}

function parseLoad(v: { concurrency?: string; iterations?: string; rate?: string; 'max-in-flight'?: string }, durationMs: number | undefined): LoadOverrides {
  const vus = positiveInt('concurrency', v.concurrency);
  const iterations = positiveInt('iterations', v.iterations);
  const ratePerSec = positiveRate(v.rate);
  const maxInFlight = positiveInt('max-in-flight', v['max-in-flight']);
  return {
    ...(vus !== undefined ? { vus } : {}),
    ...(iterations !== undefined ? { iterations } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(ratePerSec !== undefined ? { ratePerSec } : {}),
    ...(maxInFlight !== undefined ? { maxInFlight } : {}),
  };
}

function parseVars(list: string[] | undefined): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var expects NAME=VALUE, got "${item.split('=')[0] ?? ''}"`);
    vars[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return vars;
}

function parse(argv: string[], io: CliIo): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  const durationMs = v.duration === undefined ? undefined : parseDuration(v.duration);
  if (v.duration !== undefined && (durationMs === undefined || durationMs <= 0)) throw new UsageError(`--duration must be a duration like 30s or 500ms, got "${v.duration}"`);
  const envOverrides: Record<string, string> = {};
  if (v['api-key'] !== undefined) envOverrides['PHRONY_API_KEY'] = v['api-key'];
  if (v['agent-id'] !== undefined) envOverrides['AGENT_ID'] = v['agent-id'];
  const shard = parseShardOption(v.shard);
  const startAtMs = parseStartAtOption(v['start-at']);
  const suites = parsed.positionals.length > 0 ? parsed.positionals : [join(suitesDir, 'smoke.yaml')];
  return {
    suites: suites.map((s) => (isAbsolute(s) ? s : resolve(io.cwd, s))),
    ...(v['base-url'] !== undefined ? { baseUrl: v['base-url'] } : {}),
    envOverrides,
    vars: parseVars(v.var),
    load: parseLoad(v, durationMs),
    workers: positiveInt('workers', v.workers) ?? availableParallelism(),
    ...(shard !== undefined ? { shard } : {}),
    ...(startAtMs !== undefined ? { startAtMs } : {}),
    ...(v.out !== undefined ? { out: resolve(io.cwd, v.out) } : {}),
    ...(v.baseline !== undefined ? { baseline: resolve(io.cwd, v.baseline) } : {}),
    quiet: v.quiet === true,
  };
}

/** Loads every suite; prints every problem of every file. Undefined when any failed. */
async function loadAll(files: string[], io: CliIo): Promise<Suite[] | undefined> {
  const suites: Suite[] = [];
  let failed = false;
  for (const file of files) {
    const result = await loadSuiteFile(file);
    if (!result.ok) {
      failed = true;
      for (const p of result.problems) io.stderr(`${formatProblem(p)}\n`);
      continue;
    }
    for (const w of result.warnings) io.stderr(`${formatProblem(w)}\n`);
    suites.push(result.suite);
  }
  return failed ? undefined : suites;
}

function compareWithBaseline(baseline: Report, report: Report, io: CliIo): number {
  const cmp = compareReports(baseline, report);
  io.stdout(`\n${renderCompareText(cmp)}\n`);
  return cmp.regressed ? EXIT.regression : EXIT.pass;
}

async function afterRun(args: Parsed, baseline: Report | undefined, report: Report, dir: string, io: CliIo): Promise<number> {
  // Every output is written before the verdict is printed: one that fails (exit 5) never
  // follows a PASS line.
  const summaryPath = io.env['GITHUB_STEP_SUMMARY'];
  if (summaryPath !== undefined && summaryPath !== '') await appendStepSummary(summaryPath, renderMarkdown(report));
  io.stdout(`${renderConsoleSummary(report, { ...(io.columns !== undefined ? { columns: io.columns } : {}) })}\n`);
  io.stdout(`report: ${dir}\n`);
  if (report.verdict.exitCode === EXIT.aborted && isUnreachable(report.totals)) {
    io.stderr(`phrony-harness: target unreachable: every request to ${redactUrl(report.target.baseUrl)} failed to connect\n`);
  }
  let code = report.verdict.exitCode;
  if (baseline !== undefined) {
    const regression = compareWithBaseline(baseline, report, io);
    if (code === EXIT.pass) code = regression;
  }
  return code;
}

function outDirFor(args: Parsed, suite: Suite, count: number): string | undefined {
  if (args.out === undefined) return undefined;
  // Several suites cannot share one folder: each gets a sub-folder named after it.
  return count > 1 ? join(args.out, suite.name.replace(/[^A-Za-z0-9._-]+/g, '-')) : args.out;
}

/** PHRONY_AGENT_ID is accepted for AGENT_ID (design.md §3); the embedded server overrides both. */
function withAliases(env: CliIo['env']): CliIo['env'] {
  const alias = env['PHRONY_AGENT_ID'];
  if ((env['AGENT_ID'] ?? '') !== '' || alias === undefined || alias === '') return env;
  return { ...env, AGENT_ID: alias };
}

async function runOne(args: Parsed, baseline: Report | undefined, suite: Suite, count: number, io: CliIo): Promise<number> {
  const out = outDirFor(args, suite, count);
  const { report, dir } = await runSuite({
    suite,
    ...(args.baseUrl !== undefined ? { baseUrl: args.baseUrl } : {}),
    env: withAliases(io.env),
    envOverrides: args.envOverrides,
    vars: args.vars,
    load: args.load,
    workers: args.workers,
    ...(args.shard !== undefined ? { shard: args.shard } : {}),
    ...(args.startAtMs !== undefined ? { startAtMs: args.startAtMs } : {}),
    ...(out !== undefined ? { outDir: out } : {}),
    cwd: io.cwd,
    signal: io.signal,
    progress: { write: io.stderr, isTTY: io.isTTY, ...(io.columns !== undefined ? { columns: io.columns } : {}), quiet: args.quiet },
  });
  return afterRun(args, baseline, report, dir, io);
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

async function runAll(args: Parsed, io: CliIo): Promise<number> {
  const suites = await loadAll(args.suites, io);
  if (suites === undefined) return EXIT.usage;
  for (const suite of suites) {
    const load = effectiveLoad(assertRunnable(suite), args.load);
    checkShard(args.shard, load);
  }
  if (args.startAtMs !== undefined) checkStartAt(args.startAtMs, Date.now());
  // A bad baseline is a usage error: found before anything runs.
  const baseline = args.baseline !== undefined ? await readReport(args.baseline) : undefined;
  const codes: number[] = [];
  for (const suite of suites) {
    // A signal before the first suite starts still ends in its interrupted (empty) report and
    // exit 130, never in a silent exit 0; suites after an interrupted one are not started.
    if (io.signal.aborted && codes.length > 0) break;
    codes.push(await runOne(args, baseline, suite, suites.length, io));
  }
  return worst(codes);
}

export const command: Command = async (argv, io) => {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(usage());
    return EXIT.pass;
  }
  try {
    return await runAll(parse(argv, io), io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`phrony-harness run: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof RunError) {
      io.stderr(`phrony-harness run: ${err.message}\n${err.hint !== undefined ? `  hint: ${err.hint}\n` : ''}`);
      return EXIT.usage;
    }
    const code = errorCode(err);
    if (code === 'REPORT_WRITE_FAILED' || code === 'REPORT_INVALID') {
      io.stderr(`phrony-harness run: ${(err as Error).message}\n`);
      return code === 'REPORT_INVALID' ? EXIT.usage : EXIT.aborted;
    }
    throw err;
  }
};
