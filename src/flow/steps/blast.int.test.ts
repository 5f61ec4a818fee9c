/** The blast step against real node:http servers on loopback: what lands in the recorder. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SchemaRegistry } from '../../checks/schemas.js';
import { HttpClient } from '../../http/client.js';
import { decode } from '../../metrics/histogram.js';
import { createRecorder, type MetricsRecorder } from '../../metrics/registry.js';
import type { StepSnapshot } from '../../metrics/snapshot.js';
import type { BlastStep, Expect } from '../../suite/types.js';
import type { FlowContext, IterationState } from '../context.js';
import { runBlastStep } from './blast.js';

const KEY = 'phk_blast_secret_key_0123456789';
const LOC = { file: 'blast.yaml', line: 1, col: 1 };

let schemas: SchemaRegistry;
const open: Array<{ server: Server; sockets: Set<Socket> }> = [];

beforeAll(async () => {
  schemas = await SchemaRegistry.load();
});
afterEach(async () => {
  for (const { server, sockets } of open.splice(0)) {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; sockets: Set<Socket> }> {
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({ server, sockets });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets };
}

function context(baseUrl: string, signal: AbortSignal = new AbortController().signal): { ctx: FlowContext; recorder: MetricsRecorder } {
  const recorder = createRecorder({ startMs: Date.now() });
  recorder.declareFlow('f', [{ name: 'hammer', kind: 'blast' }]);
  const ctx: FlowContext = {
    client: new HttpClient(),
    recorder,
    schemas,
    baseUrl,
    target: { timeoutMs: 2000, headers: {}, redactHeaders: [], followRedirects: false, maxBodyBytes: 1 << 20 },
    vars: { apiKey: KEY },
    env: {},
    secrets: [KEY],
    signal,
  };
  return { ctx, recorder };
}

function blastStep(durationMs: number, expect?: Expect, connections = 4): BlastStep {
  return {
    name: 'hammer', kind: 'blast', loc: LOC,
    blast: { request: { method: 'GET', path: '/ok' }, connections, durationMs, pipelining: 1 },
    ...(expect !== undefined ? { expect } : {}),
  };
}

function state(vu = 1): IterationState {
  return { flow: 'f', vu, iteration: 0, captures: {}, ok: true };
}

function stepOf(recorder: MetricsRecorder): StepSnapshot {
  const s = recorder.snapshot().flows[0]?.steps[0];
  if (s === undefined) throw new Error('no step recorded');
  return s;
}

const okJson = (_req: IncomingMessage, res: ServerResponse): void => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
};

describe('blast step', () => {
  it('records every response exactly: requests, status codes, latency histogram, rps and bytes', async () => {
    let keyed = 0;
    const { url } = await serve((req, res) => {
      if (req.headers['x-api-key'] === KEY) keyed += 1;
      okJson(req, res);
    });
    const { ctx, recorder } = context(url);
    const st = state();
    const started = Date.now();
    expect(await runBlastStep(ctx, blastStep(600), st)).toBe('continue');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(st.ok).toBe(true);
    const s = stepOf(recorder);
    expect(s.kind).toBe('blast');
    expect(s.requests).toBeGreaterThan(100);
    expect(s.statusCodes).toEqual({ '200': s.requests });
    expect(keyed).toBeGreaterThanOrEqual(s.requests);
    expect(decode(s.histograms['latency']?.encoded ?? '').totalCount).toBe(s.requests);
    expect(s.histograms['rps']?.unit).toBe('count');
    const rps = decode(s.histograms['rps']?.encoded ?? '').getValueAtPercentile(50);
    expect(rps).toBeGreaterThan(s.requests / 1.5);
    expect(rps).toBeLessThan(s.requests / 0.5);
    expect(decode(s.histograms['bytes']?.encoded ?? '').maxValue).toBeGreaterThan(s.requests * 11);
    expect(s.checks).toEqual([{ name: 'status', passed: 1, failed: 0 }]);
    expect(JSON.stringify(recorder.snapshot())).not.toContain(KEY);
  });

  it('fails the status check from the counts, naming the unexpected codes', async () => {
    let n = 0;
    const { url } = await serve((_req, res) => {
      n += 1;
      res.writeHead(n % 10 === 0 ? 503 : 200).end('x');
    });
    const { ctx, recorder } = context(url);
    const st = state();
    await runBlastStep(ctx, blastStep(400), st);
    expect(st.ok).toBe(false);
    const snap = recorder.snapshot();
    const s = stepOf(recorder);
    expect(s.statusCodes['503']).toBeGreaterThan(0);
    expect(s.checks).toEqual([{ name: 'status', passed: 0, failed: 1 }]);
    expect(snap.failures[0]).toMatchObject({ check: 'status', category: 'status' });
    expect(snap.failures[0]?.message).toMatch(/^\d+ of \d+ responses had an unexpected status \(503: \d+\), expected 2xx$/);
  });

  it('passes when expect.status lists every code seen', async () => {
    const { url } = await serve((_req, res) => res.writeHead(404).end());
    const { ctx, recorder } = context(url);
    const st = state();
    await runBlastStep(ctx, blastStep(300, { status: [404] }), st);
    expect(st.ok).toBe(true);
    expect(stepOf(recorder).checks).toEqual([{ name: 'status', passed: 1, failed: 0 }]);
  });

  it('counts reset connections by category and fails the transport check', async () => {
    let n = 0;
    const { url } = await serve((req, res) => {
      n += 1;
      if (n % 3 === 0) req.socket.resetAndDestroy();
      else okJson(req, res);
    });
    const { ctx, recorder } = context(url);
    const st = state();
    await runBlastStep(ctx, blastStep(400), st);
    const s = stepOf(recorder);
    expect(s.errors.reset).toBeGreaterThan(0);
    expect(s.failedRequests).toBe(s.errors.reset);
    expect(s.checks.find((c) => c.name === 'transport')).toEqual({ name: 'transport', passed: 0, failed: 1 });
    expect(st.ok).toBe(false);
  });

  it('counts requests that outlive the timeout (1 s, autocannon rounds up to seconds) as timeouts', async () => {
    const { url } = await serve(() => undefined);
    const { ctx, recorder } = context(url);
    ctx.target.timeoutMs = 1000;
    const st = state();
    await runBlastStep(ctx, blastStep(1300, undefined, 2), st);
    const s = stepOf(recorder);
    expect(s.errors.timeout).toBeGreaterThanOrEqual(2);
    expect(decode(s.histograms['latency']?.encoded ?? '').getValueAtPercentile(1)).toBeGreaterThanOrEqual(999_000);
    expect(recorder.snapshot().failures[0]?.message).toMatch(/requests failed \(timeout: \d+\); first timeout: no complete response/);
    expect(st.ok).toBe(false);
  });

  it('stops when the run is aborted and records no outcome checks', async () => {
    const { url } = await serve(okJson);
    const controller = new AbortController();
    const { ctx, recorder } = context(url, controller.signal);
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    await runBlastStep(ctx, blastStep(5000), state());
    expect(Date.now() - started).toBeLessThan(1000);
    expect(stepOf(recorder).requests).toBeGreaterThan(0);
    expect(stepOf(recorder).checks).toEqual([]);
  });

  it('lets virtual users that reach a running blast join it instead of starting another', async () => {
    const { url, sockets } = await serve(okJson);
    let peak = 0;
    const watch = setInterval(() => { peak = Math.max(peak, sockets.size); }, 20);
    const { ctx, recorder } = context(url);
    const states = [state(1), state(2), state(3)];
    await Promise.all(states.map((st) => runBlastStep(ctx, blastStep(400, undefined, 3), st)));
    clearInterval(watch);
    expect(peak).toBeLessThanOrEqual(3);
    expect(decode(stepOf(recorder).histograms['rps']?.encoded ?? '').totalCount).toBe(1);
    expect(states.every((st) => st.ok)).toBe(true);
  });

  it('records options autocannon refuses as a failure, without sending anything', async () => {
    const { ctx, recorder } = context('http://127.0.0.1:9');
    const st = state();
    expect(await runBlastStep(ctx, blastStep(300, undefined, 0), st)).toBe('stop');
    expect(st.ok).toBe(false);
    const snap = recorder.snapshot();
    expect(snap.failures[0]).toMatchObject({ check: 'blast', message: expect.stringMatching(/^autocannon did not start: .*connections/) });
    expect(snap.totals.requests).toBe(0);
  });

  it('records a template error as a failure and stops the iteration', async () => {
    const { ctx, recorder } = context('http://127.0.0.1:9');
    const step = blastStep(300);
    step.blast.request.path = '/x/${{ nope }}';
    const st = state();
    expect(await runBlastStep(ctx, step, st)).toBe('stop');
    expect(st.ok).toBe(false);
    expect(stepOf(recorder).checks).toEqual([{ name: 'template', passed: 0, failed: 1 }]);
  });
});
