/**
 * Watches the harness's own event loop. When the loop is late, timestamps and arrivals are
 * late too, and the figures describe the load generator rather than the target.
 *
 * The rule that turns the delay into a verdict (warm-up discarded, enough samples, p99 and max
 * limits) is documented for users in one place, src/load/README.md ("Generator health"); the
 * constants below are its numbers.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { HistogramSummary } from '../report/model.js';
import { addEncoded, createHistogram, recordValue, summarize } from './histogram.js';

/** p99 event-loop delay above which a run is unreliable, µs (100 ms). */
export const UNRELIABLE_P99_US = 100_000;
/** Maximum event-loop delay above which a run is unreliable, µs (1 s). */
export const UNRELIABLE_MAX_US = 1_000_000;
/** Fewest samples (after the warm-up) a verdict needs. */
export const MIN_SAMPLES = 100;
/** Start-up time whose samples are discarded, ms. */
export const WARM_UP_MS = 1000;
/** Sampling resolution of the delay monitor, ms. */
const RESOLUTION_MS = 10;

export interface GeneratorHealth {
  eventLoopDelay: HistogramSummary;
  unreliable: boolean;
  reasons: string[];
}

/** Judges a delay summary (µs) by the rule above; `delay.count` is the number of samples. */
export function judgeLoopDelay(delay: HistogramSummary): GeneratorHealth {
  const reasons: string[] = [];
  if (delay.count < MIN_SAMPLES) return { eventLoopDelay: delay, unreliable: false, reasons };
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

export interface LoopMonitorOptions {
  /** Samples taken before this much time has passed are discarded, ms. Default 1000 (WARM_UP_MS). */
  warmUpMs?: number;
}

/**
 * Starts sampling; `stop()` ends it and returns the delay histogram (post-warm-up samples only;
 * empty when the run ended during the warm-up) with the verdict.
 */
export function startLoopMonitor(options: LoopMonitorOptions = {}): { stop(): GeneratorHealth } {
  const monitor = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  monitor.enable();
  let warm = false;
  const warmUp = setTimeout(() => {
    monitor.reset();
    warm = true;
  }, options.warmUpMs ?? WARM_UP_MS);
  warmUp.unref();
  let stopped: GeneratorHealth | undefined;
  return {
    stop(): GeneratorHealth {
      if (stopped !== undefined) return stopped;
      clearTimeout(warmUp);
      monitor.disable();
      if (!warm) monitor.reset();
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

/**
 * Health of several generators (worker threads, shards): their delays merged, unreliable when
 * any one was, since the merged histogram may hide one saturated generator among idle ones.
 */
export function combineHealth(parts: readonly GeneratorHealth[], label: (index: number) => string): GeneratorHealth {
  const h = createHistogram();
  for (const p of parts) if (p.eventLoopDelay.encoded !== '') addEncoded(h, p.eventLoopDelay.encoded);
  const delay = summarize(h, 'us');
  const reasons = parts.flatMap((p, i) => p.reasons.map((r) => `${label(i)}: ${r}`));
  if (parts.some((p) => p.unreliable)) return { eventLoopDelay: delay, unreliable: true, reasons };
  return judgeLoopDelay(delay);
}
