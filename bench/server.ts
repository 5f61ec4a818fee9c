/**
 * Throughput of the reference server's hot path (GET /v1/runs/{runId}) against a bare node:http
 * server answering the same bytes, both in child processes so autocannon (here) does not share
 * their event loop. Interleaved rounds; writes bench/results-server.md.
 *
 *   npm run bench:server [-- --duration 5 --rounds 2 --connections 50]
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

interface Target {
  url: string;
  headers: Record<string, string>;
  /** The exact body bytes (base64) the target answers. */
  body: string;
}

/** Child: the reference server with one completed run to poll. */
async function refChild(): Promise<void> {
  const { startReferenceServer } = await import('../src/reference-server/index.js');
  const server = await startReferenceServer();
  const headers = { 'x-api-key': server.keys.main };
  const start = await fetch(`${server.baseUrl}/v1/agents/${server.agents.complete}/runs`, {
    method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"input":{"bench":true}}',
  });
  const { runId } = (await start.json()) as { runId: string };
  const url = `${server.baseUrl}/v1/runs/${runId}`;
  for (let i = 0; i < 100; i += 1) {
    const res = await fetch(url, { headers });
    const body = Buffer.from(await res.arrayBuffer());
    if ((JSON.parse(body.toString()) as { status: string }).status === 'Completed') {
      process.send?.({ url, headers, body: body.toString('base64') } satisfies Target);
      process.on('disconnect', () => void server.close());
      return;
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error('bench run did not complete');
}

/** Child: a bare node:http server answering the same bytes with the same headers. */
function bareChild(): void {
  process.once('message', (msg: { body: string }) => {
    const body = Buffer.from(msg.body, 'base64');
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      res.end(body);
    });
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      process.send?.({ url: `http://127.0.0.1:${port}/v1/runs/x`, headers: {}, body: msg.body } satisfies Target);
    });
    process.on('disconnect', () => server.close());
  });
}

function spawnChild(mode: string, message?: unknown): Promise<{ child: ChildProcess; target: Target }> {
  const child = fork(fileURLToPath(import.meta.url), [mode], { execArgv: process.execArgv, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', (target: Target) => resolve({ child, target }));
    child.once('exit', (code) => reject(new Error(`${mode} exited early (${code})`)));
    if (message !== undefined) child.send(message as object);
  });
}

interface Figures {
  rps: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function drive(target: Target, duration: number, connections: number): Promise<Figures> {
  const r = await autocannon({ url: target.url, headers: target.headers, duration, connections });
  return { rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

function report(ref: Figures[], bare: Figures[], opts: { duration: number; rounds: number; connections: number }): string {
  const ratio = mean(ref.map((f) => f.rps)) / mean(bare.map((f) => f.rps));
  const rows = ref.map((f, i) => `| ${i + 1} | ${f.rps.toFixed(0)} | ${bare[i]?.rps.toFixed(0)} | ${(f.rps / (bare[i]?.rps ?? 1)).toFixed(2)} | ${f.p99} / ${bare[i]?.p99} |`);
  return `# Reference server throughput: GET /v1/runs/{runId}

Reference server vs. a bare node:http server answering the same bytes with the same headers.
Both run in child processes; autocannon drives them from the parent, loopback only,
${opts.rounds} interleaved rounds of ${opts.duration} s each after a 1 s warm-up of each, ${opts.connections} connections.

Reproduce: \`npm run bench:server -- --duration ${opts.duration} --rounds ${opts.rounds} --connections ${opts.connections}\`

Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${new Date().toISOString()}

| round | reference req/s | bare req/s | ratio | p99 ms (ref / bare) |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

**Mean ratio: ${ratio.toFixed(2)}** (goal ≥ 0.70). Non-2xx on the reference server: ${ref.reduce((a, f) => a + f.non2xx, 0)};
errors/timeouts: ${ref.reduce((a, f) => a + f.errors, 0)} (reference), ${bare.reduce((a, f) => a + f.errors, 0)} (bare).

Reading the figures: autocannon is one process too. With few cores (this run: ${cpus().length}) it can be
the limit for both targets, and other work on the machine adds noise between rounds; a ratio near
1 then means "no overhead measurable at this load", not that the server is faster than bare node.
`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { duration: { type: 'string', default: '5' }, rounds: { type: 'string', default: '2' }, connections: { type: 'string', default: '50' } } });
  const opts = { duration: Number(values.duration), rounds: Number(values.rounds), connections: Number(values.connections) };
  const ref = await spawnChild('ref-child');
  const bare = await spawnChild('bare-child', { body: ref.target.body });
  const refFigures: Figures[] = [];
  const bareFigures: Figures[] = [];
  try {
    // Warm-up (not recorded): lets both servers reach steady JIT state before measuring.
    await drive(ref.target, 1, opts.connections);
    await drive(bare.target, 1, opts.connections);
    for (let round = 0; round < opts.rounds; round += 1) {
      refFigures.push(await drive(ref.target, opts.duration, opts.connections));
      bareFigures.push(await drive(bare.target, opts.duration, opts.connections));
      process.stdout.write(`round ${round + 1}: reference ${refFigures.at(-1)?.rps.toFixed(0)} req/s, bare ${bareFigures.at(-1)?.rps.toFixed(0)} req/s\n`);
    }
  } finally {
    ref.child.disconnect();
    bare.child.disconnect();
  }
  const text = report(refFigures, bareFigures, opts);
  await writeFile(new URL('./results-server.md', import.meta.url), text);
  process.stdout.write(`\n${text}`);
}

const mode = process.argv[2];
if (mode === 'ref-child') void refChild();
else if (mode === 'bare-child') bareChild();
else await main();
