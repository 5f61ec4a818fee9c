/**
 * `npm run bench:layers`: the client CPU of one plain GET, layer by layer (raw socket, HTTP
 * client, flow engine, recorder) beside autocannon, all measured in one process in alternating
 * rounds against the fixed-response server (nginx when installed, else node:http) on the other
 * core. Writes bench/results-layers.md. See bench/children/layers.ts for what each layer is.
 *
 *   npm run bench:layers [-- --rounds 12 --round-ms 1000 --no-write]
 */
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { benchFile, canPin, CLIENT_CORE, runToJson, spawnNode, stopAll } from './lib/proc.js';
import { startFixedServer } from './lib/servers.js';

type Layers = Record<'socket' | 'client' | 'engine' | 'full' | 'autocannon', { us: number; added?: number }>;

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '12' },
    'round-ms': { type: 'string', default: '1000' },
    'no-write': { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const roundMs = Number(values['round-ms']);

function row(name: string, what: string, layer: { us: number; added?: number }): string {
  const added = layer.added === undefined ? '' : `${layer.added >= 0 ? '+' : '−'}${Math.abs(layer.added).toFixed(1)}`;
  return `| ${name} | ${what} | ${layer.us.toFixed(1)} | ${added} |`;
}

function markdown(l: Layers, server: string, load: [number, number]): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `# Where a plain GET's client CPU goes

Measured ${new Date().toISOString()} on ${cpus().length} × ${cpu}, Node ${process.version}, against ${server}
${canPin ? 'pinned to core 1, the measuring process to core 0' : '(unpinned: no taskset)'}; load average (1 min) ${load[0].toFixed(2)} → ${load[1].toFixed(2)}.

Reproduce: \`npm run bench:layers${rounds !== 12 ? ` -- --rounds ${rounds}` : ''}${roundMs !== 1000 ? ` --round-ms ${roundMs}` : ''}\`

Every layer ran in the same process, ${rounds} rounds of ${roundMs} ms each in turn (after one
warm-up each), 32 concurrent loops. "µs CPU / request" is the median over rounds of the CPU time
(user + system) per request; "added" is the median over rounds of the difference to the layer
above it in the same round, a steadier figure than the difference of the medians when the
machine's speed drifts. Each layer includes the one above it.

| layer | what it does per request | µs CPU / request | added |
| --- | --- | --- | --- |
${row('socket', 'write one pre-encoded GET, read the status off the first bytes: Node\'s socket I/O, the floor', l.socket)}
${row('client', '`HttpClient.request`: pool, deadline, response parse (a repeated head: one comparison), exchange (no JSON: a status-only step)', l.client)}
${row('engine', 'flow engine and closed model, 32 VUs: request step, status check, fingerprint; recorder keeps nothing', l.engine)}
${row('full', 'the same with the real recorder (HDR per step, per flow, in total, per interval)', l.full)}
${row('autocannon', 'autocannon in this process, 32 connections (its set-up per round included)', l.autocannon)}

Most of the socket floor is the kernel's: on loopback the write system call carries the request
through the TCP stack to the server's socket. What the harness adds over it is the client's
parse and bookkeeping, then the engine and the recorder; see bench/README.md, "Where the time goes".
`;
}

async function main(): Promise<void> {
  const before = loadavg()[0] ?? 0;
  const server = await startFixedServer();
  try {
    const child = spawnNode(benchFile('children/layers.ts'), [server.url, String(rounds), String(roundMs)], { core: CLIENT_CORE });
    const layers = await runToJson<Layers>(child, 60_000 + rounds * 5 * (roundMs + 500));
    const text = markdown(layers, server.label, [before, loadavg()[0] ?? 0]);
    process.stdout.write(text);
    if (!values['no-write']) await writeFile(benchFile('results-layers.md'), text);
  } finally {
    await server.stop();
    stopAll();
  }
}

process.once('SIGINT', () => { stopAll(); process.exit(130); });
await main();
