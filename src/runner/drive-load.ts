/**
 * Puts one thread's share of the load profile on the flow engine: the closed model (virtual
 * users) or the open model (arrivals, measured from their intended start), for one partition
 * (see src/load/partition.ts). Used by the in-process run and by every worker thread alike.
 */
import { performance } from 'node:perf_hooks';
import { runFlowIteration } from '../flow/engine.js';
import type { FlowContext } from '../flow/context.js';
import { ClosedModel } from '../load/closed.js';
import { OpenModel } from '../load/open.js';
import type { Partition } from '../load/partition.js';
import type { Recorder } from '../metrics/recorder.js';
import type { Flow, LoadProfile } from '../suite/types.js';

/** Where a thread's load stands; summed over workers for the progress view. */
export interface LoadProgress {
  /** Planned run length, when the profile has one. */
  totalMs?: number;
  /** Iterations finished. */
  done: number;
  /** Planned iterations, when the closed profile has a count. */
  total?: number;
  inFlight: number;
  /** Arrivals dropped at the in-flight cap (open model). */
  dropped: number;
}

export interface LoadDriver {
  run(): Promise<void>;
  progress(): LoadProgress;
}

export interface DriveOptions {
  ctx: FlowContext;
  recorder: Recorder;
  load: LoadProfile;
  /** Runnable flows (skipped ones removed); may be empty, then nothing runs. */
  flows: Flow[];
  partition: Partition;
  /** Open model: when the schedule starts, on this thread's `performance.now()` clock. Default: at run(). */
  startPerfMs?: number;
}

function openDriver(o: DriveOptions, load: Extract<LoadProfile, { model: 'open' }>): LoadDriver {
  const model = new OpenModel({
    load,
    flows: o.flows,
    partition: o.partition,
    signal: o.ctx.signal,
    ...(o.startPerfMs !== undefined ? { startPerfMs: o.startPerfMs } : {}),
    onDropped: (flow, atMs) => o.recorder.dropped(flow.name, atMs),
    runIteration: (flow, vu, iteration, intendedStartMs) => runFlowIteration(o.ctx, flow, vu, iteration, { intendedStartMs }),
  });
  return {
    run: () => model.run(),
    progress: () => {
      // Time-bound: the progress view shows elapsed against the schedule's length, not a count.
      const p = model.progress();
      return { totalMs: p.totalMs, done: p.done, inFlight: p.inFlight, dropped: p.dropped };
    },
  };
}

export function createLoadDriver(o: DriveOptions): LoadDriver {
  if (o.flows.length === 0) return { run: async () => undefined, progress: () => ({ done: 0, inFlight: 0, dropped: 0 }) };
  const load = o.load;
  if (load.model === 'open') return openDriver(o, load);
  const model = new ClosedModel({
    load,
    flows: o.flows,
    partition: o.partition,
    signal: o.ctx.signal,
    runIteration: (flow, vu, iteration) => runFlowIteration(o.ctx, flow, vu, iteration),
  });
  return {
    run: () => model.run(),
    progress: () => {
      const { elapsedMs: _elapsed, vus: _vus, ...p } = model.progress();
      return { ...p, dropped: 0 };
    },
  };
}

/** Converts an epoch-ms moment to this thread's `performance.now()` clock. */
export function perfAt(epochMs: number): number {
  return performance.now() + (epochMs - Date.now());
}
