/**
 * How a run's load is executed: in this thread, or in worker threads. Both look the same to the
 * runner: begin at a moment, report running figures and a (merged) snapshot while running,
 * abort, and hand back the final snapshot, generator health and target fingerprint.
 */
import type { SchemaRegistry } from '../checks/schemas.js';
import { partitionFlows } from '../load/eligible.js';
import type { Partition } from '../load/partition.js';
import { startLoopMonitor, type GeneratorHealth } from '../metrics/loop-monitor.js';
import type { LiveStats } from '../metrics/registry.js';
import type { MetricsSnapshot } from '../metrics/snapshot.js';
import type { Report } from '../report/model.js';
import type { LoadProfile } from '../suite/types.js';
import { createLoadDriver, type LoadDriver, type LoadProgress } from './drive-load.js';
import { createSession, type Session, type SessionInput } from './session.js';

export interface ExecutionResult {
  snapshot: MetricsSnapshot;
  generator: GeneratorHealth;
  fingerprint: Report['target']['fingerprint'];
  /** Set when a worker crashed: the run is reported aborted with this reason. */
  crash?: string;
}

export interface Execution {
  /** Load threads used (1 in-process). */
  readonly threads: number;
  /** Runs the load from `startMs` (epoch ms) to its end; never rejects for target behaviour. */
  run(startMs: number): Promise<ExecutionResult>;
  /** Running figures (valid once `run` was called). */
  stats(): LiveStats & LoadProgress;
  /** The current snapshot, merged over threads (abortOnFail checks read it). */
  snapshot(): MetricsSnapshot;
  abort(): void;
}

export interface InProcessInput {
  session: Omit<SessionInput, 'startMs'>;
  load: LoadProfile;
  partition: Partition;
  registry: SchemaRegistry;
}

/** The load in this thread: one session, the loop monitor on this thread's event loop. */
export function inProcessExecution(input: InProcessInput): Execution {
  let session: Session | undefined;
  let driver: LoadDriver | undefined;
  let aborted = false;
  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('execution not started');
    return v;
  };
  return {
    threads: 1,
    async run(startMs) {
      const s = createSession({ ...input.session, startMs }, input.registry);
      session = s;
      if (aborted) s.controller.abort('interrupted');
      const { runnable } = partitionFlows(input.session.suite, s.ctx.vars);
      driver = createLoadDriver({ ctx: s.ctx, recorder: s.recorder, load: input.load, flows: runnable, partition: input.partition });
      const monitor = startLoopMonitor();
      try {
        await driver.run();
      } finally {
        await s.client.close();
      }
      return { snapshot: s.recorder.snapshot(), generator: monitor.stop(), fingerprint: s.fingerprint.result() };
    },
    stats: () => ({ ...need(session).recorder.live(), ...need(driver).progress() }),
    snapshot: () => need(session).recorder.snapshot(),
    abort() {
      aborted = true;
      session?.controller.abort('interrupted');
    },
  };
}
