/**
 * Starts test/soak/server-child.ts (the reference server) as a child process with --expose-gc
 * and talks to it over IPC: its address and keys, and measurements of its heap and fds.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Measurement, Ready } from './server-child.js';

export type { Measurement, Ready };

export interface ServerProcess {
  ready: Ready;
  pid: number;
  /** Heap, Buffers, RSS and open fds of the server process, after two full collections. */
  measure(): Promise<Measurement>;
  /** Closes the server and waits for the process to exit (SIGKILL after 5 s). */
  close(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));

function nextMessage<T>(child: ChildProcess, key: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`server process: no ${key} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (msg: unknown): void => {
      if (typeof msg !== 'object' || msg === null || !(key in msg)) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve((msg as Record<string, T>)[key] as T);
    };
    child.on('message', onMessage);
  });
}

/** `ttlSeconds`: the server's retention TTL, short so that a soak can watch eviction. */
export async function startServerProcess(ttlSeconds: number): Promise<ServerProcess> {
  const child = fork(CHILD, [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, SOAK_TTL_SECONDS: String(ttlSeconds) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await nextMessage<Ready>(child, 'ready', 15_000).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  return {
    ready,
    pid: child.pid ?? -1,
    measure: () => {
      const answer = nextMessage<Measurement>(child, 'measurement', 10_000);
      child.send('measure');
      return answer;
    },
    close: async () => {
      if (child.exitCode === null && child.connected) child.send('close');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
