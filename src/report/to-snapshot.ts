/**
 * Report → snapshot: the inverse of buildReport for everything that merges (encoded
 * histograms, counters, interval buckets, failures), so reports merge with the same exact code
 * as worker snapshots.
 */
import type { FlowReport, Report, StepReport } from './model.js';
import { mergeEncoded } from '../metrics/histogram.js';
import { seriesFromReport } from '../metrics/intervals.js';
import { SNAPSHOT_VERSION } from '../metrics/snapshot.js';
import type { FlowSnapshot, MetricsSnapshot, StepSnapshot } from '../metrics/snapshot.js';
import { sumValues } from './format.js';

function stepSnapshot(s: StepReport, startMs: number): StepSnapshot {
  const histograms: StepSnapshot['histograms'] = {};
  for (const [name, h] of Object.entries(s.histograms)) histograms[name] = { unit: h.unit, encoded: h.encoded };
  return {
    flow: s.flow,
    name: s.name,
    kind: s.kind,
    requests: s.requests,
    failedRequests: sumValues(s.errors),
    statusCodes: { ...s.statusCodes },
    errors: { ...s.errors },
    checks: s.checks.map((c) => ({ ...c })),
    histograms,
    intervals: seriesFromReport(s.intervals, startMs),
  };
}

function flowSnapshot(f: FlowReport, startMs: number): FlowSnapshot {
  const out: FlowSnapshot = {
    name: f.name,
    iterations: f.iterations,
    passed: f.passed,
    failed: f.failed,
    dropped: f.dropped,
    duration: f.duration.encoded,
    intervals: seriesFromReport(f.intervals, startMs),
    steps: f.steps.map((s) => stepSnapshot(s, startMs)),
  };
  if (f.skipped !== undefined) out.skipped = { reason: f.skipped.reason };
  if (f.durationUncorrected !== undefined) out.durationUncorrected = f.durationUncorrected.encoded;
  return out;
}

export function reportToSnapshot(report: Report): MetricsSnapshot {
  const startMs = Date.parse(report.run.startedAt);
  const t = report.totals;
  const steps = report.flows.flatMap((f) => f.steps);
  return {
    version: SNAPSHOT_VERSION,
    startMs,
    flows: report.flows.map((f) => flowSnapshot(f, startMs)),
    totals: {
      requests: t.requests,
      failedRequests: sumValues(t.errors),
      iterations: t.iterations,
      flowsFailed: report.flows.reduce((n, f) => n + f.failed, 0),
      dropped: t.dropped,
      checks: { ...t.checks },
      statusCodes: { ...t.statusCodes },
      errors: { ...t.errors },
      latency: t.latency.encoded,
      // Not stored at the top of a report: the sum of every stream step's first_event.
      streamFirstEvent: mergeEncoded(steps.map((s) => s.histograms['first_event']?.encoded ?? '')),
      intervals: seriesFromReport(t.intervals, startMs),
    },
    failures: report.failures.map((r) => ({ ...r, samples: [...r.samples] })),
  };
}
