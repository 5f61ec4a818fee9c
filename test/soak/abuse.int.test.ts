/**
 * Abuse of the reference server (issue 7), in a child process: 200 SSE streams that are never
 * read, 50 connections pipelining 500 GETs each without reading, 50 uploads that never finish, bodies over the limits, a header flood (oversized and
 * slow-loris headers). Meanwhile a well-behaved client's GET latency stays bounded; afterwards
 * the server's file descriptors return to baseline and every abusive request got its answer
 * (413, 431) or was simply left waiting, never a crash.
 */
import { connect, type Socket } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type Measurement, type ServerProcess } from './server-process.js';

const MIB = 2 ** 20;
let server: ServerProcess;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServerProcess(60);
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await server?.close();
});

function key(): string {
  return server.ready.keys['main'] ?? '';
}

function origin(): { host: string; port: number } {
  const url = new URL(server.ready.baseUrl);
  return { host: url.hostname, port: Number(url.port) };
}

/** A raw connection that writes `head` (and more, later) and never reads unless asked. */
function rawSocket(head: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(origin(), () => {
      socket.write(head);
      resolve(socket);
    });
    socket.on('error', () => undefined);
    socket.once('error', reject);
    sockets.push(socket);
  });
}

/** The status code of the first response line read from `socket`, or 0 if it closes without one. */
function statusOf(socket: Socket, timeoutMs = 5000): Promise<number> {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve(-1), timeoutMs);
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(0);
    });
  });
}

async function json(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await request(`${server.ready.baseUrl}${path}`, {
    method: method as 'GET' | 'POST',
    headers: { 'x-api-key': key(), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
}

/** `count` sequential GETs of one run by a normal client: latencies in ms, and any non-200. */
async function probe(runId: string, count: number): Promise<{ p50: number; p99: number; max: number; bad: number }> {
  const times: number[] = [];
  let bad = 0;
  for (let i = 0; i < count; i += 1) {
    const t = performance.now();
    const res = await request(`${server.ready.baseUrl}/v1/runs/${runId}`, { headers: { 'x-api-key': key() }, headersTimeout: 5000, bodyTimeout: 5000 });
    await res.body.text();
    times.push(performance.now() - t);
    if (res.statusCode !== 200) bad += 1;
  }
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: times[times.length - 1] ?? 0, bad };
}

async function neverReadStreams(runId: string, n: number): Promise<void> {
  const head = `GET /v1/runs/${runId}/stream HTTP/1.1\r\nHost: x\r\nX-API-Key: ${key()}\r\nAccept: text/event-stream\r\n\r\n`;
  const opened = await Promise.all(Array.from({ length: n }, () => rawSocket(head)));
  for (const s of opened) s.pause();
}

/** Connections that pipeline `perSocket` GETs and never read a byte of the answers. */
async function pipelinedNeverRead(runId: string, n: number, perSocket: number): Promise<void> {
  const one = `GET /v1/runs/${runId} HTTP/1.1\r\nHost: x\r\nX-API-Key: ${key()}\r\n\r\n`;
  const opened = await Promise.all(Array.from({ length: n }, () => rawSocket(one.repeat(perSocket))));
  for (const s of opened) s.pause();
}

async function unfinishedUploads(n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    const p = (await json('POST', '/v1/file-library/presign', { filename: 'a.pdf', mediaType: 'application/pdf', maxContentLength: MIB })).body;
    const url = new URL(String(p['uploadUrl']));
    const headers = Object.entries(p['requiredHeaders'] as Record<string, string>).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    const s = await rawSocket(`PUT ${url.pathname}${url.search} HTTP/1.1\r\nHost: x\r\n${headers}Content-Length: ${MIB}\r\n\r\n`);
    s.write(Buffer.alloc(1024));
  }
}

/** Oversized header blocks (answered 431) and slow-loris headers that never end. */
async function headerFlood(oversized: number, slow: number): Promise<number[]> {
  const big = Array.from({ length: 1000 }, (_, i) => `X-Flood-${i}: ${'v'.repeat(30)}\r\n`).join('');
  const statuses = Promise.all(
    Array.from({ length: oversized }, async () => statusOf(await rawSocket(`GET /v1/runs/x HTTP/1.1\r\nHost: x\r\n${big}\r\n`))),
  );
  for (let i = 0; i < slow; i += 1) {
    const s = await rawSocket(`GET /v1/runs/x HTTP/1.1\r\nHost: x\r\n`);
    const timer = setInterval(() => (s.destroyed ? clearInterval(timer) : s.write(`X-Slow-${Date.now()}: 1\r\n`)), 200);
    s.once('close', () => clearInterval(timer));
  }
  return statuses;
}

/** Start bodies far over maxBodyBytes (1 MiB): answered 413, the connection survives or closes. */
async function oversizedBodies(n: number): Promise<number[]> {
  const body = Buffer.alloc(3 * MIB, 0x20);
  return Promise.all(
    Array.from({ length: n }, async () => {
      try {
        const res = await request(`${server.ready.baseUrl}/v1/agents/${server.ready.agents['complete']}/runs`, {
          method: 'POST', headers: { 'x-api-key': key(), 'content-type': 'application/json' }, body, headersTimeout: 5000,
        });
        await res.body.dump();
        return res.statusCode;
      } catch {
        // The server may close the connection while the client is still sending: not a crash.
        return 0;
      }
    }),
  );
}

const mib = (n: number): string => `${(n / MIB).toFixed(1)} MiB`;

describe('reference server under abuse', () => {
  it('stays responsive to a normal client, answers the abuse, and gives back every fd', async () => {
    const run = await json('POST', `/v1/agents/${server.ready.agents['hitl']}/runs`, { input: {} });
    expect(run.status).toBe(202);
    const runId = String(run.body['runId']);
    await probe(runId, 20);
    const baseline: Measurement = await server.measure();
    const quiet = await probe(runId, 100);

    await neverReadStreams(runId, 200);
    await pipelinedNeverRead(runId, 50, 500);
    await unfinishedUploads(50);
    // The normal client probes while the floods and oversized bodies arrive.
    const [floodStatuses, bodyStatuses, loaded] = await Promise.all([headerFlood(50, 50), oversizedBodies(20), probe(runId, 300)]);
    const during = await server.measure();

    expect(floodStatuses.every((s) => s === 431), `flood: ${floodStatuses.join(',')}`).toBe(true);
    expect(bodyStatuses.every((s) => s === 413 || s === 0), `bodies: ${bodyStatuses.join(',')}`).toBe(true);
    expect(bodyStatuses.filter((s) => s === 413).length).toBeGreaterThan(0);
    expect(loaded.bad).toBe(0);
    expect(loaded.p99, JSON.stringify({ quiet, loaded })).toBeLessThan(250);
    expect(during.fds).toBeGreaterThan(baseline.fds + 300);
    // 25 000 answers nobody reads: backpressure keeps them out of the heap.
    expect(during.heapUsed - baseline.heapUsed, JSON.stringify({ baseline, during })).toBeLessThan(64 * MIB);

    for (const s of sockets.splice(0)) s.destroy();
    const deadline = Date.now() + 5000;
    let after = await server.measure();
    while (after.fds > baseline.fds && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      after = await server.measure();
    }
    const figures = {
      quietGetMs: { p50: quiet.p50.toFixed(2), p99: quiet.p99.toFixed(2) },
      underAbuseGetMs: { p50: loaded.p50.toFixed(2), p99: loaded.p99.toFixed(2), max: loaded.max.toFixed(2) },
      heap: `${mib(baseline.heapUsed)} → ${mib(during.heapUsed)} → ${mib(after.heapUsed)}`,
      buffers: `${mib(baseline.external)} → ${mib(during.external)} → ${mib(after.external)}`,
      fds: `${baseline.fds} → ${during.fds} → ${after.fds}`,
    };
    if (process.env['PHRONY_SOAK_FIGURES'] === '1') process.stdout.write(`abuse figures ${JSON.stringify(figures, null, 2)}\n`);
    expect(after.fds, JSON.stringify(figures)).toBeLessThanOrEqual(baseline.fds);
    expect(after.heapUsed - baseline.heapUsed, JSON.stringify(figures)).toBeLessThan(8 * MIB);
    expect((await probe(runId, 5)).bad).toBe(0);
  });
});
