/**
 * Runs one suite end to end: target → variables → closed model over the flow engine →
 * thresholds → report folder. Target behaviour never throws out of here; only a suite this
 * build cannot run (RunError, before anything is sent) or a report that cannot be written do.
 */
import { randomUUID } from 'node:crypto';
import { SchemaRegistry } from '../checks/schemas.js';
import { runFlowIteration } from '../flow/engine.js';
import type { FlowContext } from '../flow/context.js';
import { HttpClient } from '../http/client.js';
import { ClosedModel } from '../load/closed.js';
import { partitionFlows } from '../load/eligible.js';
import { startLoopMonitor } from '../metrics/loop-monitor.js';
import { createRecorder, type MetricsRecorder } from '../metrics/registry.js';
import { evaluateThresholds } from '../metrics/thresholds.js';
import { buildReport } from '../report/build.js';
import type { Report } from '../report/model.js';
import { startProgress } from '../report/progress.js';
import { writeReportFolder } from '../report/write.js';
import { resolveVariables } from '../suite/variables.js';
import type { ClosedLoad, Suite } from '../suite/types.js';
import { harnessVersion } from '../version.js';
import { watchAbortThresholds, type AbortWatch } from './abort-watch.js';
import { RunError } from './errors.js';
import { TargetFingerprint } from './fingerprint.js';
import { effectiveLoad, peakVus, type LoadOverrides } from './load-profile.js';
import { defaultReportDir } from './report-dir.js';
import { collectSecrets, targetHeaderSecrets } from './secrets.js';
import { resolveTarget, type ResolvedTarget } from './target.js';

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
  /** CLI load overrides (`--concurrency`, `--iterations`, `--duration`). Default none. */
  load?: LoadOverrides;
  /** Report folder. Default `<cwd>/reports/<YYYYMMDD-HHMMSS>-<suite>/`. */
  outDir?: string;
  cwd: string;
  /** Aborting it interrupts the run: in-flight requests are cancelled, a partial report written. */
  signal: AbortSignal;
  /** Live progress output. Default: none. */
  progress?: { write: (text: string) => void; isTTY: boolean; columns?: number; quiet: boolean };
  /** Connections per origin. Default: twice the peak VU count, at least 16. */
  connections?: number;
}

export interface RunResult {
  report: Report;
  dir: string;
}

/** Refuses suites this build cannot run, before anything is started. */
export function assertRunnable(suite: Suite): ClosedLoad {
  if (suite.load.model !== 'closed') {
    throw new RunError('OPEN_MODEL_UNAVAILABLE', 'the open load model is not available yet', 'use a closed profile: load: { vus: N, iterations: N | duration: 30s }');
  }
  return suite.load;
}

let schemas: Promise<SchemaRegistry> | undefined;

/** The shipped schemas, compiled once per process: they do not change between runs. */
function shippedSchemas(): Promise<SchemaRegistry> {
  schemas ??= SchemaRegistry.load().catch((err: unknown) => {
    schemas = undefined;
    throw err;
  });
  return schemas;
}

interface Session {
  target: ResolvedTarget;
  client: HttpClient;
  recorder: MetricsRecorder;
  ctx: FlowContext;
  fingerprint: TargetFingerprint;
  controller: AbortController;
}

function makeContext(options: RunOptions, target: ResolvedTarget, schemas: SchemaRegistry, load: ClosedLoad, startMs: number): Session {
  const { suite } = options;
  const env = { ...options.env, ...target.env, ...options.envOverrides };
  const vars = resolveVariables(suite, env, options.vars ?? {});
  const client = new HttpClient({ connections: options.connections ?? Math.max(16, 2 * peakVus(load)) });
  const recorder = createRecorder({ startMs });
  const fingerprint = new TargetFingerprint(target.baseUrl);
  const controller = new AbortController();
  const ctx: FlowContext = {
    client,
    recorder,
    schemas,
    baseUrl: target.baseUrl,
    target: suite.target,
    vars,
    env,
    secrets: collectSecrets(vars, env),
    signal: controller.signal,
    onResponse: (exchange) => fingerprint.observe(exchange),
  };
  ctx.secrets = [...new Set([...ctx.secrets, ...targetHeaderSecrets(ctx)])];
  return { target, client, recorder, ctx, fingerprint, controller };
}

async function openSession(options: RunOptions, load: ClosedLoad, startMs: number): Promise<Session> {
  const schemas = await shippedSchemas();
  const target = await resolveTarget({
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    env: options.env,
    ...(options.suite.target.baseUrl !== undefined ? { suiteBaseUrl: options.suite.target.baseUrl } : {}),
  });
  try {
    return makeContext(options, target, schemas, load, startMs);
  } catch (err) {
    // Never leave the embedded server running behind a failed start.
    await target.close();
    throw err;
  }
}

export async function runSuite(options: RunOptions): Promise<RunResult> {
  const suite = options.suite;
  const load = effectiveLoad(assertRunnable(suite), options.load ?? {}) as ClosedLoad;
  const startMs = Date.now();
  const session = await openSession(options, load, startMs);
  try {
    return await execute(options, session, load, startMs);
  } finally {
    await session.client.close();
    await session.target.close();
  }
}

/** Runs the closed model with the progress view and the abortOnFail watch; returns the watch. */
async function drive(options: RunOptions, session: Session, load: ClosedLoad, startMs: number): Promise<AbortWatch> {
  const { recorder, ctx, controller } = session;
  const { runnable, skipped } = partitionFlows(options.suite, ctx.vars);
  for (const s of skipped) recorder.skip(s.flow.name, s.reason);
  const model = new ClosedModel({ load, flows: runnable, signal: controller.signal, runIteration: (f, vu, i) => runFlowIteration(ctx, f, vu, i) });
  const progress = startProgress({
    source: () => ({ ...recorder.live(), ...model.progress() }),
    write: options.progress?.write ?? (() => {}),
    isTTY: options.progress?.isTTY ?? false,
    ...(options.progress?.columns !== undefined ? { columns: options.progress.columns } : {}),
    quiet: options.progress?.quiet ?? true,
  });
  const watch = watchAbortThresholds(options.suite.thresholds, recorder, startMs, controller);
  const onInterrupt = (): void => controller.abort('interrupted');
  if (options.signal.aborted) onInterrupt();
  options.signal.addEventListener('abort', onInterrupt, { once: true });
  try {
    if (runnable.length > 0) await model.run();
  } finally {
    watch.stop();
    progress.stop(true);
    options.signal.removeEventListener('abort', onInterrupt);
  }
  return watch;
}

function runStatus(interrupted: boolean, watch: AbortWatch): Pick<Report['run'], 'status' | 'abortReason'> {
  if (interrupted) return { status: 'interrupted', abortReason: 'interrupted by signal' };
  const t = watch.tripped;
  if (t !== undefined) return { status: 'aborted', abortReason: `threshold ${t.metric}: ${t.expression} failed` };
  return { status: 'completed' };
}

async function execute(options: RunOptions, session: Session, load: ClosedLoad, startMs: number): Promise<RunResult> {
  const { suite } = options;
  const { recorder } = session;
  for (const flow of suite.flows) recorder.declareFlow(flow.name, flow.steps.map((s) => ({ name: s.name, kind: s.kind })));
  const monitor = startLoopMonitor();
  const watch = await drive(options, session, load, startMs);
  const generator = monitor.stop();
  const endedAtMs = Date.now();
  const snapshot = recorder.snapshot();
  const tripped = watch.tripped;
  const thresholds = evaluateThresholds(suite.thresholds, snapshot).map((t) =>
    tripped !== undefined && t.metric === tripped.metric && t.expression === tripped.expression ? { ...t, aborted: true } : t,
  );
  const report = buildReport({
    suite: { name: suite.name, file: suite.file, digest: suite.digest },
    target: { baseUrl: session.target.baseUrl, embedded: session.target.embedded, fingerprint: session.fingerprint.result() },
    run: {
      id: randomUUID(),
      startedAt: new Date(startMs).toISOString(),
      startedAtMs: startMs,
      endedAtMs,
      ...runStatus(options.signal.aborted, watch),
      load: { ...load },
      workers: 1,
    },
    snapshot,
    thresholds,
    generator,
    harnessVersion: harnessVersion(),
  });
  const dir = options.outDir ?? defaultReportDir(options.cwd, suite.name, new Date(startMs));
  await writeReportFolder(dir, report);
  return { report, dir };
}
