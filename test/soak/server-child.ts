/**
 * The reference server in its own process (started with --expose-gc), so the soak can measure
 * exactly its heap and its file descriptors. IPC messages: `measure` → a Measurement after two
 * full collections; `close` → the server closes and the process exits. The first message sent
 * is the server's address, keys and agent ids.
 */
import { readdirSync } from 'node:fs';
import { startReferenceServer } from '../../src/reference-server/index.js';

export interface Measurement {
  heapUsed: number;
  /** Buffers (uploaded bytes live here). */
  external: number;
  rss: number;
  /** Entries of /proc/self/fd. */
  fds: number;
}

export interface Ready {
  baseUrl: string;
  keys: Record<string, string>;
  agents: Record<string, string>;
}

const ttlSeconds = Number(process.env['SOAK_TTL_SECONDS'] ?? '1');
const server = await startReferenceServer({
  port: 0,
  host: '127.0.0.1',
  config: {
    retention: { ttlSeconds },
    heartbeatMs: 1000,
    agents: { complete: { delayMs: 20 }, file: { delayMs: 20 } },
  },
});

// Exposed by --expose-gc; without it the figures would include uncollected garbage.
const gc = (globalThis as { gc?: () => void }).gc;

function measure(): Measurement {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, external: m.external, rss: m.rss, fds: readdirSync('/proc/self/fd').length };
}

process.on('message', (msg: unknown) => {
  if (msg === 'measure') process.send?.({ measurement: measure() });
  if (msg === 'close') void server.close().then(() => process.exit(0));
});
// The test process is our only reason to live.
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: { baseUrl: server.baseUrl, keys: server.keys, agents: server.agents } satisfies Ready });
