/**
 * A node:http server answering every request with `{"ok":true}` (application/json), after a
 * fixed delay when one is given. Prints `{"url": ...}` once listening; exits when its parent
 * goes away (stdin is ignored, so it watches the parent pid).
 *
 *   node --import tsx bench/children/fixed-server.ts [delayMs]
 *
 * The delay is exact to well under a millisecond: a timer for most of it, then short
 * setImmediate turns until the full delay has passed since the request arrived (a plain
 * setTimeout(20) fires anywhere from 20 to 22 ms, which would blur figure 3's ±1 ms).
 * `GET /__stats` answers the server-side p50 of the delayed requests since the last call
 * (handler start → response written), so figure 3 can tell the server's share from the rest.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

const delayMs = Number(process.argv[2] ?? '0');
const body = Buffer.from('{"ok":true}');
const parent = process.ppid;
/** Server-side durations (ms) of delayed requests since the last /__stats; bounded. */
const served: number[] = [];
const MAX_SERVED = 1_000_000;

function answer(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
}

function answerAt(res: ServerResponse, dueMs: number): void {
  if (performance.now() < dueMs) {
    setImmediate(answerAt, res, dueMs);
    return;
  }
  answer(res);
  if (served.length < MAX_SERVED) served.push(performance.now() - (dueMs - delayMs));
}

function stats(res: ServerResponse): void {
  const sorted = served.splice(0).sort((a, b) => a - b);
  const text = JSON.stringify({ n: sorted.length, p50Ms: sorted[Math.floor(sorted.length / 2)] ?? 0 });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(text);
}

const server = createServer((req, res) => {
  req.resume();
  if (req.url === '/__stats') {
    stats(res);
    return;
  }
  if (delayMs <= 0) {
    answer(res);
    return;
  }
  const due = performance.now() + delayMs;
  setTimeout(answerAt, Math.max(0, delayMs - 2), res, due);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});

// Bounded: never outlive the bench that started us.
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    process.exit(0);
  }
}, 500).unref();
