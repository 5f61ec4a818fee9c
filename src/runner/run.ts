/**
 * Runs one suite end to end: target → load profile (CLI overrides, shard) → execution in this
 * thread or in worker threads → thresholds → report folder. Target behaviour never throws out
 * of here; only a suite this build cannot run (RunError, before anything is sent) or a report
 * that cannot be written do.
 */
import { randomUUID } from 'node:crypto';
import { partitionFlows } from '../load/eligible.js';
import { WHOLE, type Partition } from '../load/partition.js';
import { mergeAllSnapshots } from '../metrics/merge-snapshots.js';
import { createRecorder } from '../metrics/registry.js';
import { evaluateThresholds } from '../metrics/thresholds.js';
import { buildReport } from '../report/build.js';
import type { Report } from '../report/model.js';
import { startProgress } from '../report/progress.js';
import { writeReportFolder } from '../report/write.js';
import { resolveVariables } from '../suite/variables.js';
import type { LoadProfile, Suite } from '../suite/types.js';
import { harnessVersion } from '../version.js';
import { watchAbortThresholds, type AbortWatch } from './abort-watch.js';
import { inProcessExecution, type Execution, type ExecutionResult } from './execution.js';
import { effectiveLoad, peakConcurrency, usefulWorkers, type LoadOverrides } from './load-profile.js';
import { defaultReportDir } from './report-dir.js';
import { checkShard, waitForStart, type ShardSpec } from './shard.js';
import { shippedSchemas, type SessionInput } from './session.js';
import { resolveTarget, type ResolvedTarget } from './target.js';
import { startWorkerExecution } from './worker-execution.js';

export interface RunOptions {
  suite: Suite;
  /** `--base-url`; wins over env PHRONY_API_BASE. Default: none (env, then the embedded server). */
  baseUrl?: string;
  /** The process environment the suite's `${{ env.X }}` reads. */
  env: Readonly<Record<string, string | undefined>>;
  /** Environment entries set by CLI flags (`--api-key`, `--agent-id`); they win over everything. */
  envOverrides?: Record<string, string>;
  /** `--var k=v` suite variable overrides. Default none. */
  vars?: Record<string, string>;
  /** CLI load overrides (`--concurrency`, `--iterations`, `--duration`, `--rate`, `--max-in-flight`). Default none. */
  load?: LoadOverrides;
  /** Report folder. Default `<cwd>/reports/<YYYYMMDD-HHMMSS>-<suite>/`. */
  outDir?: string;
  cwd: string;
  /** Aborting it interrupts the run: in-flight requests are cancelled, a partial report written. */
  signal: AbortSignal;
  /** Live progress output. Default: none. */
  progress?: { write: (text: string) => void; isTTY: boolean; columns?: number; quiet: boolean };
  /** Connections per origin and load thread. Default: twice the thread's peak concurrency, at least 16. */
  connections?: number;
  /**
   * Load threads (`--workers`): 1 runs the load in this thread; more run it in worker threads,
   * capped at what the profile can share (virtual users, iterations, in-flight cap). Default 1.
   */
  workers?: number;
  /** `--shard i/N`: run shard i (1-based) of N. Default: the whole profile. */
  shard?: ShardSpec;
  /** `--start-at`: epoch ms to start the load at (shards start together). Default: at once. */
  startAtMs?: number;
  /** Entry module of the load worker threads. Default: the harness's own (runner/worker-main). */
  workerEntry?: URL;
}

export interface RunResult {
  report: Report;
  dir: string;
}

/** The suite's load profile; every profile the suite format allows can run. */
export function assertRunnable(suite: Suite): LoadProfile {
  return suite.load;
}

interface Plan {
  load: LoadProfile;
  shard: Partition;
  threads: number;
  session: Omit<SessionInput, 'startMs'>;
}

function plan(options: RunOptions, target: ResolvedTarget): Plan {
  const load = effectiveLoad(assertRunnable(options.suite), options.load ?? {});
  const shard = checkShard(options.shard, load);
  const threads = usefulWorkers(load, options.workers ?? 1, shard.count);
  const env = { ...options.env, ...target.env, ...options.envOverrides };
  const perThread = Math.ceil(peakConcurrency(load) / (shard.count * threads));
  return {
    load,
    shard,
    threads,
    session: { suite: options.suite, baseUrl: target.baseUrl, env, vars: options.vars ?? {}, connections: options.connections ?? Math.max(16, 2 * perThread) },
  };
}

async function prepare(options: RunOptions, p: Plan, onCrash: (message: string) => void): Promise<Execution> {
  if (p.threads > 1) {
    const entry = options.workerEntry !== undefined ? { entry: options.workerEntry } : {};
    return startWorkerExecution({ session: p.session, load: p.load, shard: p.shard, workers: p.threads, onCrash, ...entry });
  }
  return inProcessExecution({ session: p.session, load: p.load, partition: p.shard, registry: await shippedSchemas() });
}

export async function runSuite(options: RunOptions): Promise<RunResult> {
  const target = await resolveTarget({
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    env: options.env,
    ...(options.suite.target.baseUrl !== undefined ? { suiteBaseUrl: options.suite.target.baseUrl } : {}),
  });
  try {
    return await execute(options, target, plan(options, target));
  } finally {
    await target.close();
  }
}

/** Time given to worker threads between the start message and the first arrival, ms. */
const WORKER_START_LEAD_MS = 50;

interface Driven {
  result: ExecutionResult;
  watch: AbortWatch;
  startMs: number;
}

/** Runs the execution with the progress view, the abortOnFail watch and signal handling. */
async function drive(options: RunOptions, p: Plan): Promise<Driven> {
  const controller = new AbortController();
  const exec = await prepare(options, p, () => controller.abort('crash'));
  const onAbort = (): void => exec.abort();
  controller.signal.addEventListener('abort', onAbort, { once: true });
  const onInterrupt = (): void => controller.abort('interrupted');
  if (options.signal.aborted) onInterrupt();
  options.signal.addEventListener('abort', onInterrupt, { once: true });
  try {
    // A moment still ahead is the run's start exactly (shards align on it); a past one is now,
    // plus a short lead for worker threads, so that none of them starts behind the schedule.
    const at = options.startAtMs;
    const startMs = at !== undefined && at > Date.now() ? at : Date.now() + (exec.threads > 1 ? WORKER_START_LEAD_MS : 0);
    await waitForStart(at, controller.signal);
    const running = exec.run(startMs);
    const progress = startProgress({
      source: () => exec.stats(),
      write: options.progress?.write ?? (() => {}),
      isTTY: options.progress?.isTTY ?? false,
      ...(options.progress?.columns !== undefined ? { columns: options.progress.columns } : {}),
      quiet: options.progress?.quiet ?? true,
    });
    const watch = watchAbortThresholds(options.suite.thresholds, () => exec.snapshot(), startMs, controller);
    try {
      return { result: await running, watch, startMs };
    } finally {
      watch.stop();
      progress.stop(true);
    }
  } finally {
    options.signal.removeEventListener('abort', onInterrupt);
  }
}

function runStatus(interrupted: boolean, watch: AbortWatch, crash: string | undefined): Pick<Report['run'], 'status' | 'abortReason'> {
  if (interrupted) return { status: 'interrupted', abortReason: 'interrupted by signal' };
  if (crash !== undefined) return { status: 'aborted', abortReason: crash };
  const t = watch.tripped;
  if (t !== undefined) return { status: 'aborted', abortReason: `threshold ${t.metric}: ${t.expression} failed` };
  return { status: 'completed' };
}

/** The main thread's own record: every flow declared in suite order, skipped flows with why. */
function baseSnapshot(options: RunOptions, p: Plan, startMs: number) {
  const recorder = createRecorder({ startMs });
  const { suite } = options;
  for (const flow of suite.flows) recorder.declareFlow(flow.name, flow.steps.map((s) => ({ name: s.name, kind: s.kind })));
  const { skipped } = partitionFlows(suite, resolveVariables(suite, p.session.env, p.session.vars));
  for (const s of skipped) recorder.skip(s.flow.name, s.reason);
  return recorder.snapshot();
}

async function execute(options: RunOptions, target: ResolvedTarget, p: Plan): Promise<RunResult> {
  const { suite } = options;
  const { result, watch, startMs } = await drive(options, p);
  const endedAtMs = Date.now();
  const snapshot = mergeAllSnapshots([baseSnapshot(options, p, startMs), result.snapshot]);
  const tripped = watch.tripped;
  const thresholds = evaluateThresholds(suite.thresholds, snapshot).map((t) =>
    tripped !== undefined && t.metric === tripped.metric && t.expression === tripped.expression ? { ...t, aborted: true } : t,
  );
  const report = buildReport({
    suite: { name: suite.name, file: suite.file, digest: suite.digest },
    target: { baseUrl: target.baseUrl, embedded: target.embedded, fingerprint: result.fingerprint },
    run: {
      id: randomUUID(),
      startedAt: new Date(startMs).toISOString(),
      startedAtMs: startMs,
      endedAtMs,
      ...runStatus(options.signal.aborted, watch, result.crash),
      load: { ...p.load },
      workers: p.threads,
      ...(options.shard !== undefined ? { shard: { index: options.shard.index, count: options.shard.count } } : {}),
    },
    snapshot,
    thresholds,
    generator: result.generator,
    harnessVersion: harnessVersion(),
  });
  const dir = options.outDir ?? defaultReportDir(options.cwd, suite.name, new Date(startMs));
  await writeReportFolder(dir, report);
  return { report, dir };
}
