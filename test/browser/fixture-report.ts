/**
 * A realistic report for the browser tests, built the way a run builds one: a real recorder
 * (HDR histograms per step, flow and interval) fed a deterministic simulated run, then
 * buildReport. Three flows (request/poll, upload, stream), a load spike, status errors,
 * timeouts, schema failures with hostile bodies, thresholds, a skipped flow, dropped arrivals.
 */
import { createRecorder, type MetricsRecorder } from '../../src/metrics/registry.js';
import { createHistogram, recordValue, summarize } from '../../src/metrics/histogram.js';
import { buildReport } from '../../src/report/build.js';
import { prng } from '../../src/report/synthetic.js';
import type { Report, ThresholdResult } from '../../src/report/model.js';

export const RUN_START_MS = Date.UTC(2026, 10, 29, 2, 0, 0);

/** Log-normal-ish latency in µs around `medianMs`, with a heavier tail. */
function latencyUs(rand: () => number, medianMs: number, slow: number): number {
  const u = Math.max(1e-9, rand());
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  return Math.max(50, Math.round(medianMs * 1000 * Math.exp(0.35 * z) * slow));
}

export const HOSTILE_BODY = '{"error":"<script>alert(\\"pwned\\")</script>","detail":"<img src=x onerror=alert(1)>"}';

interface SimOptions {
  durationMs: number;
  iterations: number;
  /** Latency multiplier (compare tests: the "current" run is slower). */
  slowdown: number;
  seed: number;
}

function declare(rec: MetricsRecorder): void {
  rec.declareFlow('start_poll', [
    { name: 'create_run', kind: 'request' },
    { name: 'poll_status', kind: 'poll' },
    { name: 'get_result', kind: 'request' },
  ]);
  rec.declareFlow('upload_file', [
    { name: 'presign', kind: 'upload' },
    { name: 'attach', kind: 'request' },
  ]);
  rec.declareFlow('stream_events', [{ name: 'stream', kind: 'stream' }]);
  rec.declareFlow('needs_agent', [{ name: 'call_agent', kind: 'request' }]);
  rec.skip('needs_agent', 'variable AGENT_ID is not set (use --agent-id or AGENT_ID)');
}

function startPoll(rec: MetricsRecorder, rand: () => number, at: number, slow: number): number {
  const flow = 'start_poll';
  const spike = at - RUN_START_MS > 24_000 && at - RUN_START_MS < 32_000 ? 3 : 1;
  const create = latencyUs(rand, 18, slow * spike);
  const r = rand();
  const status = r < 0.03 ? 500 : r < 0.05 ? 429 : 201;
  rec.exchange({ flow, step: 'create_run' }, { latencyUs: create, status, startedAtMs: at, ...(status >= 400 ? { error: 'status' as const } : {}) });
  rec.check({ flow, step: 'create_run' }, { name: 'status', passed: status === 201, category: 'status', expected: [201], actual: status, message: `expected status 201, got ${status}`, request: { method: 'POST', url: 'http://127.0.0.1:8787/v1/agents/agt_1/runs' } });
  const schemaOk = rand() > 0.02;
  rec.check({ flow, step: 'create_run' }, {
    name: 'schema start-run', passed: schemaOk, category: 'schema', instancePath: '/status', schemaPath: '#/properties/status/enum',
    expected: ['queued', 'running'], actual: 'weird', message: 'must be equal to one of the allowed values',
    sampleBody: HOSTILE_BODY, request: { method: 'POST', url: 'http://127.0.0.1:8787/v1/agents/agt_1/runs?api_key=secret123' },
  });
  const attempts = 1 + Math.floor(rand() * 5);
  for (let i = 0; i < attempts; i++) {
    rec.exchange({ flow, step: 'poll_status' }, { latencyUs: latencyUs(rand, 6, slow), status: 200, startedAtMs: at + 20 + i * 50 });
    rec.measure({ flow, step: 'poll_status' }, 'attempt_latency', latencyUs(rand, 6, slow), at);
  }
  const pollDone = attempts * 50_000 + latencyUs(rand, 6, slow);
  rec.measure({ flow, step: 'poll_status' }, 'latency', pollDone, at);
  rec.measure({ flow, step: 'poll_status' }, 'attempts', attempts, at);
  const timedOut = rand() < 0.01;
  const get = timedOut ? 10_000_000 : latencyUs(rand, 9, slow);
  rec.exchange({ flow, step: 'get_result' }, { latencyUs: get, startedAtMs: at + 300, ...(timedOut ? { error: 'timeout' as const } : { status: 200 }) });
  return create + pollDone + get;
}

function upload(rec: MetricsRecorder, rand: () => number, at: number, slow: number): number {
  const flow = 'upload_file';
  let total = 0;
  for (const [measure, ms] of [['presign', 12], ['put', 80], ['finalize', 15]] as const) {
    const v = latencyUs(rand, ms, slow);
    rec.measure({ flow, step: 'presign' }, measure, v, at);
    total += v;
  }
  rec.exchange({ flow, step: 'presign' }, { latencyUs: total, status: 200, startedAtMs: at });
  const attach = latencyUs(rand, 25, slow);
  const reset = rand() < 0.01;
  rec.exchange({ flow, step: 'attach' }, { latencyUs: attach, startedAtMs: at + 120, ...(reset ? { error: 'reset' as const } : { status: 200 }) });
  return total + attach;
}

function stream(rec: MetricsRecorder, rand: () => number, at: number, slow: number): number {
  const flow = 'stream_events';
  const first = latencyUs(rand, 40, slow);
  const total = first + latencyUs(rand, 400, slow);
  rec.exchange({ flow, step: 'stream' }, { latencyUs: first, status: 200, startedAtMs: at });
  rec.measure({ flow, step: 'stream' }, 'first_event', first, at);
  rec.measure({ flow, step: 'stream' }, 'latency', total, at);
  rec.measure({ flow, step: 'stream' }, 'events', 5 + Math.floor(rand() * 20), at);
  return total;
}

function simulate(o: SimOptions): MetricsRecorder {
  const rec = createRecorder({ startMs: RUN_START_MS, intervalMs: 2000 });
  declare(rec);
  const rand = prng(o.seed);
  for (let i = 0; i < o.iterations; i++) {
    const at = RUN_START_MS + Math.floor((i / o.iterations) * (o.durationMs - 1000));
    const which = i % 4;
    const flow = which < 2 ? 'start_poll' : which === 2 ? 'upload_file' : 'stream_events';
    const us = flow === 'start_poll' ? startPoll(rec, rand, at, o.slowdown) : flow === 'upload_file' ? upload(rec, rand, at, o.slowdown) : stream(rec, rand, at, o.slowdown);
    // Open model: the corrected duration includes the wait behind the in-flight cap.
    const queued = at - RUN_START_MS > 24_000 && at - RUN_START_MS < 32_000 ? Math.round(rand() * 200_000) : 0;
    rec.flow(flow, { durationUs: us + queued, uncorrectedUs: us, ok: rand() > 0.04, startedAtMs: at });
    if (queued > 150_000) rec.dropped(flow, at);
  }
  return rec;
}

const THRESHOLDS: ThresholdResult[] = [
  { metric: 'http.latency', expression: 'p(95) < 250ms', passed: true, actual: 88.4, unit: 'ms', abortOnFail: false, aborted: false },
  { metric: 'flow.start_poll.duration', expression: 'p(99) < 400ms', passed: false, actual: 512.25, unit: 'ms', abortOnFail: false, aborted: false },
  { metric: 'http.errors', expression: 'rate < 5%', passed: true, actual: 3.1, unit: '%', abortOnFail: true, aborted: false },
];

/** A full run report; `slowdown` > 1 makes a slower "current" run for compare tests. */
export function buildFixtureReport(options: { slowdown?: number; seed?: number; unreliable?: boolean } = {}): Report {
  const durationMs = 60_000;
  const rec = simulate({ durationMs, iterations: 2400, slowdown: options.slowdown ?? 1, seed: options.seed ?? 7 });
  const loop = createHistogram();
  const rand = prng(3);
  for (let i = 0; i < 600; i++) recordValue(loop, Math.round(10_000 + rand() * (options.unreliable ? 90_000 : 5_000)));
  return buildReport({
    suite: { name: 'nightly <load> & "conformance"', file: 'suites/load.yaml', digest: 'sha256:9f2c6a1e0b7d' },
    target: {
      baseUrl: 'http://127.0.0.1:8787/',
      embedded: false,
      fingerprint: { host: '127.0.0.1:8787', server: 'phrony-gateway/1.4', versionHeaders: { 'x-phrony-version': '2026-05-01' } },
    },
    run: {
      id: `run-${options.seed ?? 7}`,
      startedAt: new Date(RUN_START_MS).toISOString(),
      startedAtMs: RUN_START_MS,
      endedAtMs: RUN_START_MS + durationMs + 500,
      status: 'completed',
      load: { model: 'open', phases: [{ durationMs: 60_000, from: 20, to: 60 }], maxInFlight: 50 },
      workers: 2,
    },
    snapshot: rec.snapshot(),
    thresholds: THRESHOLDS,
    generator: {
      eventLoopDelay: summarize(loop, 'us'),
      unreliable: options.unreliable ?? false,
      reasons: options.unreliable ? ['event-loop delay p99 98.1 ms exceeded 50 ms for 12 s'] : [],
    },
    harnessVersion: '0.1.0',
    node: 'v20.20.0',
    certification: {
      verdict: 'NOT CERTIFIED',
      requirements: [
        { id: 'RUN-001', level: 'MUST', section: '§4.2 Runs', statement: 'POST /v1/agents/{id}/runs answers 201 with a run object', status: 'pass', evidence: '1200 of 1200 responses matched schema start-run' },
        { id: 'RUN-007', level: 'MUST', section: '§4.3 Runs', statement: 'status is one of queued, running, succeeded, failed', status: 'fail', evidence: 'status "weird" at /status (24 responses)' },
        { id: 'ERR-002', level: 'SHOULD', section: '§1.4 Errors', statement: '429 responses carry Retry-After', status: 'warn', evidence: 'missing on 3 of 48 responses' },
        { id: 'FILE-003', level: 'SHOULD', section: '§6 File library', statement: 'Presigned uploads expire within 15 minutes', status: 'not-covered' },
      ],
    },
  });
}
