/**
 * Exact merge of recorder snapshots (workers, shards): histograms add bucket by bucket,
 * counters sum, interval buckets align by absolute time, failures combine.
 */
import { mergeEncoded } from './histogram.js';
import { mergeSeries } from './intervals.js';
import { mergeFailures } from './failures.js';
import { SNAPSHOT_VERSION } from './snapshot.js';
import type {
  CheckCounts,
  EncodedHistogram,
  FlowSnapshot,
  MetricsSnapshot,
  StepSnapshot,
  TotalsSnapshot,
} from './snapshot.js';

function sumRecords<K extends string>(maps: ReadonlyArray<Partial<Record<K, number>>>): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const m of maps) {
    for (const [k, v] of Object.entries(m) as Array<[K, number | undefined]>) {
      out[k] = (out[k] ?? 0) + (v ?? 0);
    }
  }
  return out;
}

function sum<T>(items: readonly T[], pick: (t: T) => number): number {
  return items.reduce((acc, t) => acc + pick(t), 0);
}

/** Groups by key, keeping the order of first appearance. */
function groupBy<T>(items: readonly T[], key: (t: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [t]);
    else g.push(t);
  }
  return [...groups.values()];
}

function mergeChecks(lists: readonly CheckCounts[][]): CheckCounts[] {
  return groupBy(lists.flat(), (c) => c.name).map((g) => ({
    name: g[0]?.name ?? '',
    passed: sum(g, (c) => c.passed),
    failed: sum(g, (c) => c.failed),
  }));
}

function mergeHistogramMaps(maps: ReadonlyArray<Record<string, EncodedHistogram>>): Record<string, EncodedHistogram> {
  const out: Record<string, EncodedHistogram> = {};
  const names = [...new Set(maps.flatMap((m) => Object.keys(m)))];
  for (const name of names) {
    const parts = maps.map((m) => m[name]).filter((h): h is EncodedHistogram => h !== undefined);
    out[name] = { unit: parts[0]?.unit ?? 'us', encoded: mergeEncoded(parts.map((h) => h.encoded)) };
  }
  return out;
}

function mergeSteps(steps: StepSnapshot[], startMs: number): StepSnapshot {
  const first = steps[0] as StepSnapshot; // groupBy never yields an empty group
  return {
    flow: first.flow,
    name: first.name,
    kind: first.kind,
    requests: sum(steps, (s) => s.requests),
    failedRequests: sum(steps, (s) => s.failedRequests),
    statusCodes: sumRecords(steps.map((s) => s.statusCodes)) as Record<string, number>,
    errors: sumRecords(steps.map((s) => s.errors)),
    checks: mergeChecks(steps.map((s) => s.checks)),
    histograms: mergeHistogramMaps(steps.map((s) => s.histograms)),
    intervals: mergeSeries(steps.map((s) => s.intervals), startMs),
  };
}

function mergeFlows(flows: FlowSnapshot[], startMs: number): FlowSnapshot {
  const first = flows[0] as FlowSnapshot; // groupBy never yields an empty group
  const out: FlowSnapshot = {
    name: first.name,
    iterations: sum(flows, (f) => f.iterations),
    passed: sum(flows, (f) => f.passed),
    failed: sum(flows, (f) => f.failed),
    dropped: sum(flows, (f) => f.dropped),
    duration: mergeEncoded(flows.map((f) => f.duration)),
    intervals: mergeSeries(flows.map((f) => f.intervals), startMs),
    steps: groupBy(flows.flatMap((f) => f.steps), (s) => s.name).map((g) => mergeSteps(g, startMs)),
  };
  const skipped = flows.find((f) => f.skipped !== undefined)?.skipped;
  if (skipped !== undefined) out.skipped = { ...skipped };
  const uncorrected = flows.map((f) => f.durationUncorrected).filter((e): e is string => e !== undefined);
  if (uncorrected.length > 0) out.durationUncorrected = mergeEncoded(uncorrected);
  return out;
}

function mergeTotals(totals: TotalsSnapshot[], startMs: number): TotalsSnapshot {
  return {
    requests: sum(totals, (t) => t.requests),
    failedRequests: sum(totals, (t) => t.failedRequests),
    iterations: sum(totals, (t) => t.iterations),
    flowsFailed: sum(totals, (t) => t.flowsFailed),
    dropped: sum(totals, (t) => t.dropped),
    checks: { passed: sum(totals, (t) => t.checks.passed), failed: sum(totals, (t) => t.checks.failed) },
    statusCodes: sumRecords(totals.map((t) => t.statusCodes)) as Record<string, number>,
    errors: sumRecords(totals.map((t) => t.errors)),
    latency: mergeEncoded(totals.map((t) => t.latency)),
    streamFirstEvent: mergeEncoded(totals.map((t) => t.streamFirstEvent)),
    intervals: mergeSeries(totals.map((t) => t.intervals), startMs),
  };
}

/** Merges any number of snapshots (at least one). */
export function mergeAllSnapshots(snapshots: readonly MetricsSnapshot[]): MetricsSnapshot {
  if (snapshots.length === 0) throw new RangeError('mergeAllSnapshots needs at least one snapshot');
  const startMs = Math.min(...snapshots.map((s) => s.startMs));
  return {
    version: SNAPSHOT_VERSION,
    startMs,
    flows: groupBy(snapshots.flatMap((s) => s.flows), (f) => f.name).map((g) => mergeFlows(g, startMs)),
    totals: mergeTotals(snapshots.map((s) => s.totals), startMs),
    failures: mergeFailures(snapshots.map((s) => s.failures)),
  };
}

/** Exact merge of two snapshots (histogram add, counter sums, buckets aligned by absolute time). */
export function mergeSnapshots(a: MetricsSnapshot, b: MetricsSnapshot): MetricsSnapshot {
  return mergeAllSnapshots([a, b]);
}
