/**
 * The load in worker threads: worker `w` of `W` runs partition `shard ∘ w` (see
 * src/load/partition.ts) with its own pools and recorder; the main thread merges their
 * snapshots exactly (mergeAllSnapshots) for the abortOnFail checks, the progress view and the
 * report. Generator health is the workers' (the main thread may host the embedded server,
 * whose lateness is the target's, not the generator's).
 */
import { composePartition, type Partition } from '../load/partition.js';
import { combineHealth } from '../metrics/loop-monitor.js';
import { mergeAllSnapshots } from '../metrics/merge-snapshots.js';
import { createRecorder, type LiveStats } from '../metrics/registry.js';
import type { MetricsSnapshot } from '../metrics/snapshot.js';
import type { LoadProfile } from '../suite/types.js';
import type { LoadProgress } from './drive-load.js';
import type { Execution, ExecutionResult } from './execution.js';
import { mergeFingerprints } from './fingerprint.js';
import type { SessionInput } from './session.js';
import { WorkerPool } from './worker-pool.js';
import type { WorkerInit, WorkerStatus } from './worker-protocol.js';
import { siblingEntry } from './worker-spawn.js';

export interface WorkerExecutionInput {
  /** Per-thread session input; `connections` is per worker. */
  session: Omit<SessionInput, 'startMs'>;
  load: LoadProfile;
  /** This process's shard; workers split it further. */
  shard: Partition;
  workers: number;
  /** Called once when a worker crashes (the runner aborts the run). */
  onCrash: (message: string) => void;
  /** Worker entry module. Default: worker-main beside this module (.ts or .js). */
  entry?: URL;
}

function sumStats(parts: readonly WorkerStatus[], startMs: number): LiveStats & LoadProgress {
  const total = (pick: (s: WorkerStatus) => number | undefined): number => parts.reduce((n, s) => n + (pick(s) ?? 0), 0);
  const totalPlanned = parts.every((s) => s.progress.total !== undefined) ? total((s) => s.progress.total) : undefined;
  const totalMs = parts.find((s) => s.progress.totalMs !== undefined)?.progress.totalMs;
  return {
    elapsedMs: Math.max(0, Date.now() - startMs),
    requests: total((s) => s.live.requests),
    errors: total((s) => s.live.errors),
    iterations: total((s) => s.live.iterations),
    checksFailed: total((s) => s.live.checksFailed),
    ratePerSec: total((s) => s.live.ratePerSec),
    // Percentiles do not add; the slowest worker's p95 is the figure to watch while running.
    p95Us: Math.max(0, ...parts.map((s) => s.live.p95Us)),
    done: total((s) => s.progress.done),
    inFlight: total((s) => s.progress.inFlight),
    dropped: total((s) => s.progress.dropped),
    ...(totalPlanned !== undefined ? { total: totalPlanned } : {}),
    ...(totalMs !== undefined ? { totalMs } : {}),
  };
}

/** Starts the workers and resolves once every one is ready (or one crashed). */
export async function startWorkerExecution(input: WorkerExecutionInput): Promise<Execution> {
  const inits: WorkerInit[] = [];
  for (let w = 0; w < input.workers; w += 1) {
    inits.push({ session: input.session, load: input.load, partition: composePartition(input.shard, w, input.workers) });
  }
  const pool = new WorkerPool(input.entry ?? siblingEntry('worker-main', import.meta.url), inits, input.onCrash);
  await pool.ready();
  let startMs = Date.now();
  const merged = (): MetricsSnapshot => {
    const parts = pool.statuses().map((s) => s.snapshot);
    return parts.length > 0 ? mergeAllSnapshots(parts) : createRecorder({ startMs }).snapshot();
  };
  return {
    threads: input.workers,
    async run(at): Promise<ExecutionResult> {
      startMs = at;
      pool.begin(at);
      await pool.finished();
      const dones = pool.dones();
      const generator = combineHealth(dones.map((d) => d.generator), (i) => `load worker ${i + 1}`);
      const fingerprint = mergeFingerprints(dones.map((d) => d.fingerprint), input.session.baseUrl);
      const result: ExecutionResult = { snapshot: merged(), generator, fingerprint };
      if (pool.crash !== undefined) result.crash = pool.crash;
      return result;
    },
    stats: () => sumStats(pool.statuses(), startMs),
    snapshot: merged,
    abort: () => pool.abort(),
  };
}
