/**
 * Child processes for the benchmark: each in its own process group (so a kill takes its
 * children too), optionally pinned to one core with `taskset`, always bounded in time, and
 * always killed by `stopAll()` — the bench calls it in a `finally`, and on SIGINT/SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TASKSET = ['/usr/bin/taskset', '/bin/taskset'].find((p) => existsSync(p));

/** Whether processes can be pinned to cores here (util-linux `taskset`). */
export const canPin = TASKSET !== undefined;

/** Core of the load generators (client side) and of the servers. */
export const CLIENT_CORE = 0;
export const SERVER_CORE = 1;

const live = new Set<ChildProcess>();

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Spawned {
  child: ChildProcess;
  /** Everything the child wrote to stdout so far. */
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** `node [--import tsx] file args`, pinned to `core` when possible. */
export function spawnNode(file: string, args: string[], options: { core?: number; nodeArgs?: string[]; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Spawned {
  const nodeArgs = [...(options.nodeArgs ?? []), ...(file.endsWith('.ts') ? ['--import', 'tsx'] : []), file, ...args];
  // `--import tsx` resolves from the working directory: the repository root.
  return spawnPinned(process.execPath, nodeArgs, { cwd: REPO_ROOT, ...options });
}

export function spawnPinned(cmd: string, args: string[], options: { core?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Spawned {
  const pinned = options.core !== undefined && TASKSET !== undefined;
  const child = spawn(pinned ? (TASKSET as string) : cmd, pinned ? ['-c', String(options.core), cmd, ...args] : args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  live.add(child);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => { out += d; });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => { err = (err + d).slice(-20_000); });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    });
    child.once('error', () => {
      live.delete(child);
      resolve(-1);
    });
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Kills the child's whole process group. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Kills every child still running (idempotent). */
export function stopAll(): void {
  for (const child of live) killGroup(child);
}

/** Waits for the first stdout line that parses as JSON, within `timeoutMs`. */
export async function firstJsonLine<T>(s: Spawned, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const line of s.stdout().split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        return JSON.parse(line) as T;
      } catch {
        // A partial line: wait for the rest.
      }
    }
    if (s.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  killGroup(s.child);
  throw new Error(`child printed no JSON line within ${timeoutMs} ms: ${s.stderr().slice(-2000)}`);
}

/** Runs a child to its end within `timeoutMs` (killed past it) and returns its last JSON line. */
export async function runToJson<T>(s: Spawned, timeoutMs: number): Promise<T> {
  const timer = setTimeout(() => killGroup(s.child), timeoutMs);
  const code = await s.exited;
  clearTimeout(timer);
  const lines = s.stdout().trim().split('\n').filter((l) => l.startsWith('{'));
  const last = lines[lines.length - 1];
  if (code !== 0 || last === undefined) throw new Error(`child exited with ${code}: ${s.stderr().slice(-2000)}`);
  return JSON.parse(last) as T;
}

/** Absolute path of a file next to the bench sources. */
export function benchFile(relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}
