/**
 * `node dist/cli/main.js …` as a child process (dist is built by the pretest script), with its
 * output collected and a hard kill after `killAfterMs` so no test can leave it running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** performance.now() when the child exited. */
  exitedAt: number;
}

export interface CliChild {
  child: ChildProcess;
  exited: Promise<CliExit>;
  stdout(): string;
  stderr(): string;
  running(): boolean;
}

export interface SpawnOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  /** SIGKILL after this long. Default 20 s. */
  killAfterMs?: number;
}

export const CLI = join(packageRoot, 'dist/cli/main.js');

export function spawnCli(args: string[], options: SpawnOptions): CliChild {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let running = true;
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 20_000);
  const exited = new Promise<CliExit>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => {
      running = false;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, exitedAt: performance.now() });
    });
  });
  return { child, exited, stdout: () => stdout, stderr: () => stderr, running: () => running };
}

/** Resolves once `condition` holds, polling every 20 ms; rejects after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** An environment with nothing of the developer's shell but PATH and HOME. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return { PATH: process.env['PATH'], HOME: process.env['HOME'], ...extra };
}
