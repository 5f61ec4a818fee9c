/**
 * Messages between the main thread and the load worker threads. Everything here is plain data
 * (structured clone): snapshots are JSON-shaped and merge exactly on the main thread.
 *
 *   main → worker: workerData = WorkerInit; then `start` (once every worker is ready), `abort`
 *   worker → main: `ready` (schemas compiled), `status` every second, `done` at the end
 */
import type { Partition } from '../load/partition.js';
import type { GeneratorHealth } from '../metrics/loop-monitor.js';
import type { LiveStats } from '../metrics/registry.js';
import type { MetricsSnapshot } from '../metrics/snapshot.js';
import type { Report } from '../report/model.js';
import type { LoadProfile } from '../suite/types.js';
import type { LoadProgress } from './drive-load.js';
import type { SessionInput } from './session.js';

export interface WorkerInit {
  session: Omit<SessionInput, 'startMs'>;
  load: LoadProfile;
  partition: Partition;
}

export type ToWorker = { type: 'start'; startMs: number } | { type: 'abort' };

export interface WorkerStatus {
  snapshot: MetricsSnapshot;
  live: LiveStats;
  progress: LoadProgress;
}

export type FromWorker =
  | { type: 'ready' }
  | ({ type: 'status' } & WorkerStatus)
  | ({ type: 'done'; generator: GeneratorHealth; fingerprint: Report['target']['fingerprint'] } & WorkerStatus);

/** How often a worker posts its snapshot (abortOnFail checks and progress read them). */
export const STATUS_EVERY_MS = 1000;
