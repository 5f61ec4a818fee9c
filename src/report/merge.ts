/**
 * Exact merge of shard reports (`phrony-harness merge`): histograms decoded and added, counters
 * summed, interval buckets aligned by absolute time (startedAt + t), failures combined.
 * Thresholds are re-evaluated on the merged data when the suite's specs are given; otherwise each
 * shard's own results are kept, marked with `fromShard`.
 */
import type { ThresholdSpec } from '../suite/types.js';
import type { Report, ThresholdResult } from './model.js';
import { ReportError } from './errors.js';
import { buildReport } from './build.js';
import { reportToSnapshot } from './to-snapshot.js';
import { mergeAllSnapshots } from '../metrics/merge-snapshots.js';
import { mergeEncoded, summarizeEncoded } from '../metrics/histogram.js';
import { evaluateThresholds } from '../metrics/thresholds.js';
import { judgeLoopDelay } from '../metrics/loop-monitor.js';

export interface MergeOptions {
  /** The suite's thresholds, to judge the merged data. Default: keep each shard's results. */
  thresholds?: ThresholdSpec[];
}

function checkSameSuite(reports: readonly Report[]): void {
  const first = reports[0];
  if (first === undefined) throw new ReportError('MERGE_MISMATCH', 'nothing to merge: no reports given');
  for (const [i, r] of reports.entries()) {
    if (r.suite.digest !== first.suite.digest) {
      throw new ReportError(
        'MERGE_MISMATCH',
        `report ${i + 1} comes from a different suite (${r.suite.name} ${r.suite.digest.slice(0, 12)}) than report 1 (${first.suite.name} ${first.suite.digest.slice(0, 12)}): only shards of one suite merge`,
      );
    }
  }
}

function mergedStatus(reports: readonly Report[]): Pick<Report['run'], 'status' | 'abortReason'> {
  const interrupted = reports.find((r) => r.run.status === 'interrupted');
  if (interrupted !== undefined) return { status: 'interrupted' };
  const aborted = reports.find((r) => r.run.status === 'aborted');
  if (aborted === undefined) return { status: 'completed' };
  return aborted.run.abortReason === undefined ? { status: 'aborted' } : { status: 'aborted', abortReason: aborted.run.abortReason };
}

function mergedGenerator(reports: readonly Report[]): Report['generator'] {
  const delay = summarizeEncoded(mergeEncoded(reports.map((r) => r.generator.eventLoopDelay.encoded)), 'us');
  const reasons = reports.flatMap((r, i) => r.generator.reasons.map((reason) => `shard ${i}: ${reason}`));
  const unreliable = reports.some((r) => r.generator.unreliable);
  // Each shard judged its own loop; the merged histogram may hide one bad shard, so keep theirs.
  return unreliable ? { eventLoopDelay: delay, unreliable, reasons } : judgeLoopDelay(delay);
}

function shardThresholds(reports: readonly Report[]): ThresholdResult[] {
  return reports.flatMap((r, i) => r.thresholds.map((t) => ({ ...t, fromShard: i })));
}

export function mergeReports(reports: Report[], options: MergeOptions = {}): Report {
  checkSameSuite(reports);
  const first = reports[0] as Report; // checkSameSuite throws on an empty list
  const snapshot = mergeAllSnapshots(reports.map(reportToSnapshot));
  const startedAtMs = Math.min(...reports.map((r) => Date.parse(r.run.startedAt)));
  const endedAtMs = Math.max(...reports.map((r) => Date.parse(r.run.endedAt)));
  const thresholds = options.thresholds !== undefined ? evaluateThresholds(options.thresholds, snapshot) : shardThresholds(reports);
  return buildReport({
    suite: { ...first.suite },
    target: first.target,
    run: {
      id: `merged-${reports.map((r) => r.run.id).join('+')}`.slice(0, 200),
      startedAt: new Date(startedAtMs).toISOString(),
      startedAtMs,
      endedAtMs,
      ...mergedStatus(reports),
      load: first.run.load,
      workers: reports.reduce((n, r) => n + r.run.workers, 0),
      mergedFrom: reports.reduce((n, r) => n + (r.run.mergedFrom ?? 1), 0),
    },
    snapshot,
    thresholds,
    generator: mergedGenerator(reports),
    harnessVersion: first.harness.version,
    kind: first.kind,
    node: first.harness.node,
  });
}
