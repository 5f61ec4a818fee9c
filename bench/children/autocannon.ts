/**
 * autocannon on its own (the reference for figure 1), run programmatically for a bounded time.
 * Prints `{"rps", "requests", "p50Us", "errors", "non2xx", "cpuUs"}` (CPU time of the run only).
 *
 *   node --import tsx bench/children/autocannon.ts <url> <connections> <seconds>
 */
import autocannon from 'autocannon';

const [url, connections, seconds] = process.argv.slice(2);
if (url === undefined) throw new Error('usage: autocannon.ts <url> <connections> <seconds>');

const started = performance.now();
const cpu = process.cpuUsage();
const result = await autocannon({
  url,
  connections: Number(connections ?? '32'),
  duration: Number(seconds ?? '3'),
  pipelining: 1,
  sampleInt: 100,
  // The header the harness sends (its API key), so both write the same request.
  headers: { 'x-api-key': 'bench-key' },
});
const elapsedS = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
process.stdout.write(`${JSON.stringify({
  rps: result.requests.total / elapsedS,
  requests: result.requests.total,
  p50Us: result.latency.p50 * 1000,
  errors: result.errors,
  non2xx: result.non2xx,
  cpuUs: used.user + used.system,
})}\n`);
