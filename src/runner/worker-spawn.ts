/**
 * Starting a worker thread on compiled JavaScript or, when the harness itself runs from its
 * TypeScript sources (tests, `tsx`), through a small bootstrap that registers tsx inside the
 * thread first: worker threads do not inherit the parent's module loader hooks, and
 * `execArgv: ['--import', 'tsx']` does not reach them either.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** URL of tsx's ESM registration API, as the running module resolves it. */
function tsxApiUrl(): string {
  // import.meta.resolve is missing under some loaders (vitest); the CommonJS resolution finds
  // the same package, whose CommonJS build exports the same `register`.
  if (typeof import.meta.resolve === 'function') {
    try {
      return import.meta.resolve('tsx/esm/api');
    } catch {
      // fall through to the CommonJS resolution
    }
  }
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
}

/** Starts `entry` (a .js or .ts module URL) as a worker thread with `workerData`. */
export function spawnWorker(entry: URL, workerData: unknown): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  const api = JSON.stringify(tsxApiUrl());
  const code = `import(${api}).then((m) => { (m.register ?? m.default.register)(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}

/** The worker entry beside this module: `.ts` under the sources, `.js` in dist/. */
export function siblingEntry(name: string, moduleUrl: string): URL {
  const ext = new URL(moduleUrl).pathname.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${ext}`, moduleUrl);
}
