/**
 * Snapshot → Report: summaries beside the encoded histograms, intervals as offsets from the
 * run start, failures sorted by count, and the verdict.
 */
import { REPORT_SCHEMA_VERSION } from './model.js';
import type { Certification, FlowReport, Report, StepReport, ThresholdResult } from './model.js';
import { summarizeEncoded } from '../metrics/histogram.js';
import { seriesToReport } from '../metrics/intervals.js';
import type { FlowSnapshot, MetricsSnapshot, StepSnapshot } from '../metrics/snapshot.js';
import { computeVerdict } from './verdict.js';

export interface BuildReportInput {
  suite: { name: string; file: string; digest: string };
  target: Report['target'];
  run: Omit<Report['run'], 'endedAt' | 'durationMs'> & { endedAtMs: number; startedAtMs: number };
  snapshot: MetricsSnapshot;
  thresholds: ThresholdResult[];
  generator: Report['generator'];
  harnessVersion: string;
  /** `certificate` for certify runs. Default `run`. */
  kind?: Report['kind'];
  certification?: Certification;
  /** Node version string. Default: the running Node's `process.version`. */
  node?: string;
}

function stepReport(s: StepSnapshot, runStartMs: number): StepReport {
  const histograms: StepReport['histograms'] = {};
  for (const [name, h] of Object.entries(s.histograms)) histograms[name] = summarizeEncoded(h.encoded, h.unit);
  return {
    name: s.name,
    flow: s.flow,
    kind: s.kind,
    requests: s.requests,
    statusCodes: { ...s.statusCodes },
    errors: { ...s.errors },
    checks: s.checks.map((c) => ({ ...c })),
    histograms,
    intervals: seriesToReport(s.intervals, runStartMs),
  };
}

function flowReport(f: FlowSnapshot, runStartMs: number): FlowReport {
  const out: FlowReport = {
    name: f.name,
    iterations: f.iterations,
    passed: f.passed,
    failed: f.failed,
    dropped: f.dropped,
    duration: summarizeEncoded(f.duration, 'us'),
    intervals: seriesToReport(f.intervals, runStartMs),
    steps: f.steps.map((s) => stepReport(s, runStartMs)),
  };
  if (f.skipped !== undefined) out.skipped = { reason: f.skipped.reason };
  if (f.durationUncorrected !== undefined) out.durationUncorrected = summarizeEncoded(f.durationUncorrected, 'us');
  return out;
}

function totalsReport(snap: MetricsSnapshot, runStartMs: number): Report['totals'] {
  const t = snap.totals;
  return {
    requests: t.requests,
    iterations: t.iterations,
    dropped: t.dropped,
    checks: { ...t.checks },
    statusCodes: { ...t.statusCodes },
    errors: { ...t.errors },
    latency: summarizeEncoded(t.latency, 'us'),
    intervals: seriesToReport(t.intervals, runStartMs),
  };
}

function runSection(run: BuildReportInput['run']): Report['run'] {
  const { endedAtMs, startedAtMs, ...rest } = run;
  return {
    ...rest,
    startedAt: new Date(startedAtMs).toISOString(),
    endedAt: new Date(endedAtMs).toISOString(),
    durationMs: Math.max(0, endedAtMs - startedAtMs),
  };
}

export function buildReport(input: BuildReportInput): Report {
  const runStartMs = input.run.startedAtMs;
  const body: Omit<Report, 'verdict'> = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: input.kind ?? 'run',
    harness: { name: 'phrony-harness', version: input.harnessVersion, node: input.node ?? process.version },
    suite: { ...input.suite },
    target: input.target,
    run: runSection(input.run),
    generator: input.generator,
    totals: totalsReport(input.snapshot, runStartMs),
    flows: input.snapshot.flows.map((f) => flowReport(f, runStartMs)),
    failures: [...input.snapshot.failures].sort((a, b) => b.count - a.count),
    thresholds: input.thresholds,
  };
  if (input.certification !== undefined) body.certification = input.certification;
  return { ...body, verdict: computeVerdict(body) };
}
