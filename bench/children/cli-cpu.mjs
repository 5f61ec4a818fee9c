/**
 * Runs the built CLI in this process and, as it exits, writes the CPU time the process used
 * (user + system, all threads, µs) to stderr as `@@cpu {"cpuUs": N}`. Plain JavaScript so that
 * no TypeScript loader runs inside the measured process.
 *
 *   node bench/children/cli-cpu.mjs dist/cli/main.js run suite.yaml ...
 */
import { writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const main = resolve(process.argv[2] ?? '');
process.argv = [process.argv[0] ?? 'node', main, ...process.argv.slice(3)];
process.on('exit', () => {
  const c = process.cpuUsage();
  writeSync(2, `\n@@cpu ${JSON.stringify({ cpuUs: c.user + c.system })}\n`);
});
await import(pathToFileURL(main).href);
