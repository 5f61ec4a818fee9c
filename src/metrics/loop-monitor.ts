/**
 * Watches the harness's own event loop. When the loop is late, timestamps and arrivals are
 * late too, and the figures describe the load generator rather than the target.
 *
 * Rule: a run is unreliable when the event-loop delay's p99 exceeds 100 ms, or its maximum
 * exceeds 1 s (one long stall is enough to distort a percentile window).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { HistogramSummary } from '../report/model.js';
import { createHistogram, recordValue, summarize } from './histogram.js';

/** p99 event-loop delay above which a run is unreliable, µs (100 ms). */
export const UNRELIABLE_P99_US = 100_000;
/** Maximum event-loop delay above which a run is unreliable, µs (1 s). */
export const UNRELIABLE_MAX_US = 1_000_000;
/** Sampling resolution of the delay monitor, ms. */
const RESOLUTION_MS = 10;

export interface GeneratorHealth {
  eventLoopDelay: HistogramSummary;
  unreliable: boolean;
  reasons: string[];
}

/** Judges a delay summary (µs) by the rule above. */
export function judgeLoopDelay(delay: HistogramSummary): GeneratorHealth {
  const reasons: string[] = [];
  if (delay.p99 > UNRELIABLE_P99_US) {
    reasons.push(
      `the harness's event loop was late by ${ms(delay.p99)} ms at p99 (limit ${ms(UNRELIABLE_P99_US)} ms): the load generator, not the target, may have been the bottleneck`,
    );
  }
  if (delay.max > UNRELIABLE_MAX_US) {
    reasons.push(`the harness's event loop stalled for up to ${ms(delay.max)} ms (limit ${ms(UNRELIABLE_MAX_US)} ms)`);
  }
  return { eventLoopDelay: delay, unreliable: reasons.length > 0, reasons };
}

function ms(us: number): string {
  return (us / 1000).toFixed(us >= 10_000 ? 0 : 1);
}

/** Starts sampling; `stop()` ends it and returns the delay histogram with the verdict. */
export function startLoopMonitor(): { stop(): GeneratorHealth } {
  const monitor = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  monitor.enable();
  let stopped: GeneratorHealth | undefined;
  return {
    stop(): GeneratorHealth {
      if (stopped !== undefined) return stopped;
      monitor.disable();
      // perf_hooks reports ns between timer ticks (the resolution included); our histograms
      // are µs of lateness. Rebuild from its percentile table (the node histogram cannot be
      // encoded), weighting each percentile step by its share.
      const h = createHistogram();
      const total = monitor.count;
      let previous = 0;
      for (const [pct, ns] of monitor.percentiles) {
        const n = Math.round((total * (pct - previous)) / 100);
        if (n > 0) recordValue(h, ns / 1000 - RESOLUTION_MS * 1000, n);
        previous = pct;
      }
      stopped = judgeLoopDelay(summarize(h, 'us'));
      return stopped;
    },
  };
}
