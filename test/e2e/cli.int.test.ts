/**
 * The real entry point: `node dist/cli/main.js run` as a child process (dist is built by the
 * pretest script). With no --base-url it starts the embedded reference server itself.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import type { Report } from '../../src/report/model.js';
import { tempDir } from './helpers.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  tmp = await tempDir();
});
afterAll(async () => {
  await tmp.remove();
});

function runCli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(packageRoot, 'dist/cli/main.js'), ...args], { env, cwd: tmp.path });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('node dist/cli/main.js run', () => {
  it('runs the default smoke suite against the embedded server and exits 0', async () => {
    expect(existsSync(join(packageRoot, 'dist/cli/main.js')), 'dist is missing: run `npm run build`').toBe(true);
    const out = join(tmp.path, 'smoke');
    // Keys and agent ids from a developer's shell must not leak into a run on the embedded server.
    const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], PHRONY_API_KEY: 'phk_00000000deadbeef', AGENT_ID: 'not-an-agent' };
    const { code, stdout, stderr } = await runCli(['run', '--quiet', '--out', out], env);
    expect(stderr + stdout).not.toMatch(/phk_[0-9a-f]{8,}/);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`report: ${out}`);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
    expect(report.target.embedded).toBe(true);
    expect(report.suite.name).toBe('smoke');
    expect(report.flows.filter((f) => f.skipped !== undefined)).toEqual([]);
    expect(report.flows.every((f) => f.iterations === 1 && f.passed === 1)).toBe(true);
  });
});
