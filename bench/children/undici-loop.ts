/**
 * Bare undici loops, the "no harness" reference: the same requests as the harness sends, with
 * nothing checked and nothing recorded but a counter. Both modes also print `cpuUs`, the CPU
 * time of the loop alone (start-up excluded).
 *
 *   get  <url> <connections> <seconds> [p50]
 *        N loops of GET on one Pool of N connections; prints {"rps", "requests"} and, with
 *        `p50`, the median latency in µs (timed around each request, kept in an array).
 *   flow <baseUrl> <apiKey> <agentId> <loops> <seconds> <pollMs>
 *        N loops of: POST start-run, then GET the run every pollMs until it is terminal
 *        (the status is read, nothing else); prints {"rps", "requests", "flowsPerSec"}.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';

const [mode, ...args] = process.argv.slice(2);

/** CPU time (µs) of the last bounded() run: the loop only, not the start-up. */
let cpuUs = 0;

async function bounded(seconds: number, loops: number, body: (until: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const until = started + seconds * 1000;
  await Promise.all(Array.from({ length: loops }, () => body(until)));
  const used = process.cpuUsage(cpu);
  cpuUs = used.user + used.system;
  return (performance.now() - started) / 1000;
}

async function getLoop(url: string, connections: number, seconds: number, timed: boolean): Promise<void> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections });
  let requests = 0;
  const latencies: number[] = [];
  const elapsed = await bounded(seconds, connections, async (until) => {
    while (performance.now() < until) {
      const started = performance.now();
      const res = await pool.request({ method: 'GET', path: '/ok', headers: { 'x-api-key': 'bench-key' } });
      await res.body.text();
      if (timed) latencies.push(performance.now() - started);
      requests += 1;
    }
  });
  await pool.close();
  latencies.sort((a, b) => a - b);
  const p50Us = (latencies[Math.floor(latencies.length / 2)] ?? 0) * 1000;
  process.stdout.write(`${JSON.stringify({ rps: requests / elapsed, requests, cpuUs, ...(timed ? { p50Us } : {}) })}\n`);
}

const TERMINAL = new Set(['Completed', 'Failed', 'Cancelled']);

async function flowLoop(baseUrl: string, key: string, agentId: string, loops: number, seconds: number, pollMs: number): Promise<void> {
  const pool = new Pool(baseUrl, { connections: 2 * loops });
  const headers = { 'x-api-key': key, 'content-type': 'application/json' };
  let requests = 0;
  let flows = 0;
  const elapsed = await bounded(seconds, loops, async (until) => {
    let n = 0;
    while (performance.now() < until) {
      const start = await pool.request({ method: 'POST', path: `/v1/agents/${agentId}/runs`, headers, body: JSON.stringify({ input: { n: (n += 1) } }) });
      const { runId } = (await start.body.json()) as { runId: string };
      requests += 1;
      // As the harness polls: an attempt at once, then one every pollMs until terminal.
      for (let attempt = 0; attempt < 200; attempt += 1) {
        const res = await pool.request({ method: 'GET', path: `/v1/runs/${runId}`, headers });
        const { status } = (await res.body.json()) as { status: string };
        requests += 1;
        if (TERMINAL.has(status)) break;
        await sleep(pollMs);
      }
      flows += 1;
    }
  });
  await pool.close();
  process.stdout.write(`${JSON.stringify({ rps: requests / elapsed, requests, cpuUs, flowsPerSec: flows / elapsed })}\n`);
}

if (mode === 'get') {
  const [url, connections, seconds, timed] = args;
  await getLoop(url ?? '', Number(connections), Number(seconds), timed === 'p50');
} else if (mode === 'flow') {
  const [baseUrl, key, agentId, loops, seconds, pollMs] = args;
  await flowLoop(baseUrl ?? '', key ?? '', agentId ?? '', Number(loops), Number(seconds), Number(pollMs));
} else {
  throw new Error(`unknown mode ${mode ?? ''}`);
}
