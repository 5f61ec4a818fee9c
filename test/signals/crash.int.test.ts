/**
 * A crash never leaves a half-written report.json: a process writing a report folder in a loop
 * is SIGKILLed at moments spread over its write loop, and what it leaves behind is checked. Every file of the folder
 * is whole (report.json valid against its schema), because each is written to a temporary file,
 * synced and renamed (src/report/write.ts); only `.tmp` files may be left by the kill.
 */
import { fork } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateReport } from '../../src/report/read.js';
import { tempDir } from '../e2e/helpers.js';

const CHILD = fileURLToPath(new URL('./write-child.ts', import.meta.url));
let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  tmp = await tempDir();
});
afterAll(async () => {
  await tmp.remove();
});

/** Starts a writer on `dir`, waits for its first full write, kills it `delayMs` later. */
function killWhileWriting(dir: string, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [dir], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('message', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`writer exited on its own (code ${code})`));
    });
  });
}

describe('a crash while writing reports', () => {
  it('never leaves a partial report file behind (4 kills spread over the write loop)', async () => {
    const delays = [5, 40, 90, 160];
    const dirs = delays.map((_, i) => join(tmp.path, `crash-${i}`));
    await Promise.all(delays.map((d, i) => killWhileWriting(dirs[i] ?? '', d)));
    for (const dir of dirs) {
      const files = await readdir(dir);
      expect(files.filter((f) => !f.endsWith('.tmp')).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'summary.md']);
      const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as unknown;
      expect(validateReport(report)).toEqual([]);
      expect(await readFile(join(dir, 'report.html'), 'utf8')).toMatch(/<\/html>\s*$/);
      expect(await readFile(join(dir, 'junit.xml'), 'utf8')).toMatch(/<\/testsuites>\s*$/);
    }
  });
});
