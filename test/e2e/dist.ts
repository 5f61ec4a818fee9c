/**
 * Tests that run the CLI as separate processes use the compiled `dist/` (as users do). When
 * a source file is newer than its compiled form, dist/ is rebuilt once before they start.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** Sources whose compiled form the process tests depend on most directly. */
const WATCHED = ['cli/main.ts', 'cli/commands/run.ts', 'cli/commands/merge.ts', 'runner/run.ts', 'runner/shard.ts', 'runner/worker-main.ts', 'load/open.ts', 'load/closed.ts', 'flow/engine.ts', 'report/merge.ts'];

async function mtime(path: string): Promise<number> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return 0;
  }
}

async function stale(): Promise<boolean> {
  for (const rel of WATCHED) {
    const src = await mtime(join(ROOT, 'src', rel));
    const out = await mtime(join(ROOT, 'dist', rel.replace(/\.ts$/, '.js')));
    if (out < src) return true;
  }
  return false;
}

/** Rebuilds dist/ when it is older than the sources (type errors elsewhere do not stop emitting). */
export async function ensureBuilt(): Promise<void> {
  if (!(await stale())) return;
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT }).catch(() => undefined);
  if (await stale()) throw new Error('dist/ is older than src/ and could not be rebuilt: run `npm run build`');
}
