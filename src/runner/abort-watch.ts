/**
 * `abortOnFail` thresholds are checked once a second during the run; the first one that fails
 * (after its `delayAbortEval`) stops the run through the run's abort controller.
 */
import type { MetricsSnapshot } from '../metrics/snapshot.js';
import { checkAbort } from '../metrics/thresholds.js';
import type { ThresholdResult } from '../report/model.js';
import type { ThresholdSpec } from '../suite/types.js';

export interface AbortWatch {
  /** The threshold that stopped the run, if one did. */
  readonly tripped: ThresholdResult | undefined;
  stop(): void;
}

/** How often abortOnFail thresholds are evaluated. */
const CHECK_EVERY_MS = 1000;

export function watchAbortThresholds(
  specs: ThresholdSpec[],
  /** The run's current snapshot (merged over worker threads). */
  snapshot: () => MetricsSnapshot,
  startMs: number,
  controller: AbortController,
): AbortWatch {
  const watch: { tripped: ThresholdResult | undefined; stop(): void } = { tripped: undefined, stop: () => {} };
  if (!specs.some((s) => s.abortOnFail)) return watch;
  const timer = setInterval(() => {
    if (controller.signal.aborted) return;
    const result = checkAbort(specs, snapshot(), Date.now() - startMs);
    if (result === undefined) return;
    watch.tripped = result;
    controller.abort('threshold');
  }, CHECK_EVERY_MS);
  timer.unref();
  watch.stop = () => clearInterval(timer);
  return watch;
}
