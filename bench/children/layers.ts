/**
 * Where a plain GET's client CPU goes, layer by layer, measured in ONE process: each layer runs
 * for a short round in turn (A, B, C, A, B, C…), so the machine's drift hits all of them alike,
 * and printed as one JSON line: per layer the median CPU µs per request over the rounds, and
 * the median over rounds of what it added to the layer before it in the same round (neighbours
 * in time: the machine's drift cancels out of the difference far better than out of medians).
 *
 *   node --import tsx bench/children/layers.ts <baseUrl> <rounds> <roundMs>
 *
 * Layers, each adding to the one before:
 *   socket   32 keep-alive sockets writing one pre-encoded GET each and reading the status off
 *            the first bytes (Node's socket I/O and nothing else: the floor)
 *   client   HttpClient.request: pool, framing, the response parse, deadline, exchange
 *            (status-only step: no JSON parse)
 *   engine   the flow engine and the closed model (32 VUs) with a recorder that keeps nothing
 *   full     the same with the real recorder: what `run` spends per request, without its
 *            start-up and report
 *   autocannon  autocannon itself, in this process, with 32 connections (a reference; its own
 *            set-up per round is included, so it reads a little high with short rounds)
 */
import { createRequire } from 'node:module';
import { connect, type Socket } from 'node:net';
import { HttpClient } from '../../src/http/client.js';
import type { HttpRequest } from '../../src/http/types.js';
import { partitionFlows } from '../../src/load/eligible.js';
import type { Recorder } from '../../src/metrics/recorder.js';
import { createLoadDriver } from '../../src/runner/drive-load.js';
import { createSession, shippedSchemas } from '../../src/runner/session.js';
import { loadSuiteText } from '../../src/suite/load.js';
import type { Suite } from '../../src/suite/types.js';
import { BENCH_KEY, plainGetSuite } from '../lib/harness.js';

type Autocannon = (o: Record<string, unknown>) => Promise<{ requests: { total: number } }>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const [baseUrl = '', roundsArg = '8', roundMsArg = '1000'] = process.argv.slice(2);
const LOOPS = 32;
const KEY = BENCH_KEY;

function cpuUs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

async function socketLayer(ms: number): Promise<number> {
  const url = new URL(baseUrl);
  const bytes = Buffer.from(`GET /ok HTTP/1.1\r\nhost: ${url.host}\r\nx-api-key: ${KEY}\r\n\r\n`, 'latin1');
  const buffer = Buffer.allocUnsafe(65536);
  const open = (): Promise<{ socket: Socket; send: () => Promise<number> }> => new Promise((resolve) => {
    let answer: ((status: number) => void) | undefined;
    const socket = connect({
      host: url.hostname, port: Number(url.port), noDelay: true,
      onread: { buffer, callback: (_n, b) => { answer?.(((b[9] ?? 0) - 48) * 100); return true; } },
    });
    socket.once('connect', () => resolve({ socket, send: () => new Promise((r) => { answer = r; socket.write(bytes); }) }));
  });
  const sockets = await Promise.all(Array.from({ length: LOOPS }, open));
  let n = 0;
  const until = performance.now() + ms;
  const cpu = process.cpuUsage();
  await Promise.all(sockets.map(async (s) => { while (performance.now() < until) { await s.send(); n += 1; } }));
  const used = cpuUs(cpu);
  for (const s of sockets) s.socket.destroy();
  return used / n;
}

async function clientLayer(ms: number): Promise<number> {
  const client = new HttpClient({ connections: 2 * LOOPS });
  const signal = new AbortController().signal;
  const req: HttpRequest = Object.freeze({
    method: 'GET', url: `${baseUrl}/ok`, headers: Object.freeze({ 'x-api-key': KEY }), timeoutMs: 10_000,
    maxBodyBytes: 1 << 20, followRedirects: false, signal, encodeOnce: {}, parseJson: 'never',
  });
  await client.request(req);
  let n = 0;
  const until = performance.now() + ms;
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: LOOPS }, async () => { while (performance.now() < until) { await client.request(req); n += 1; } }));
  const used = cpuUs(cpu);
  await client.close();
  return used / n;
}

const NOTHING: Recorder = { exchange() {}, measure() {}, check() {}, flow() {}, skip() {}, dropped() {} };

async function engineLayer(ms: number, suite: Suite, record: boolean): Promise<number> {
  const session = createSession({ suite, baseUrl, env: {}, vars: {}, connections: 2 * LOOPS, startMs: Date.now() }, await shippedSchemas());
  if (!record) session.ctx.recorder = NOTHING;
  const { runnable } = partitionFlows(suite, session.ctx.vars);
  const load = suite.load.model === 'closed' ? { ...suite.load, durationMs: ms } : suite.load;
  const driver = createLoadDriver({ ctx: session.ctx, recorder: session.ctx.recorder, load, flows: runnable, partition: { index: 0, count: 1 } });
  const cpu = process.cpuUsage();
  await driver.run();
  const used = cpuUs(cpu);
  await session.client.close();
  return used / Math.max(1, driver.progress().done);
}

async function autocannonLayer(ms: number): Promise<number> {
  const cpu = process.cpuUsage();
  const result = await autocannon({ url: `${baseUrl}/ok`, connections: LOOPS, duration: ms / 1000, pipelining: 1, headers: { 'x-api-key': KEY } });
  return cpuUs(cpu) / Math.max(1, result.requests.total);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

// Figure 1's plain GET suite; each round sets its own duration.
const loaded = loadSuiteText(plainGetSuite(LOOPS, 1), 'layers.yaml');
if (!loaded.ok) throw new Error('layers suite did not load');
const suite = loaded.suite;
const layers: Record<string, (ms: number) => Promise<number>> = {
  socket: socketLayer,
  client: clientLayer,
  engine: (ms) => engineLayer(ms, suite, false),
  full: (ms) => engineLayer(ms, suite, true),
  autocannon: autocannonLayer,
};
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(layers).map((k) => [k, []]));
const rounds = Number(roundsArg);
const roundMs = Number(roundMsArg);
for (const run of Object.values(layers)) await run(Math.min(roundMs, 300)); // warm-up: JIT, connections
for (let r = 0; r < rounds; r += 1) {
  for (const [name, run] of Object.entries(layers)) samples[name]?.push(await run(roundMs));
}
const names = Object.keys(layers);
const out: Record<string, { us: number; added?: number }> = {};
names.forEach((name, i) => {
  const own = samples[name] ?? [];
  const before = i > 0 && name !== 'autocannon' ? samples[names[i - 1] ?? ''] : undefined;
  out[name] = { us: median(own), ...(before !== undefined ? { added: median(own.map((v, r) => v - (before[r] ?? Number.NaN))) } : {}) };
});
process.stdout.write(`${JSON.stringify(out)}\n`);
