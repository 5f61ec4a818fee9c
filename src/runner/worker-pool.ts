/**
 * The main thread's side of the load workers: starts them, waits until every one is ready,
 * starts them together, keeps each one's latest status, forwards an abort, and turns a crash
 * (an uncaught error, or an exit before the final snapshot) into a clear message and an abort
 * of the others, never a hang.
 */
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from './worker-spawn.js';
import type { FromWorker, ToWorker, WorkerStatus } from './worker-protocol.js';

export type DoneMessage = Extract<FromWorker, { type: 'done' }>;

/** After its final snapshot a worker closes its pools and exits; past this it is terminated. */
const EXIT_GRACE_MS = 2000;

interface Slot {
  worker: Worker;
  ready: boolean;
  status?: WorkerStatus;
  done?: DoneMessage;
  exited: Promise<void>;
}

export class WorkerPool {
  private readonly slots: Slot[];
  private crashMessage: string | undefined;
  private readyWaiters: Array<() => void> = [];
  private begun = false;

  /** `onCrash` is called once, with the message, when the first worker crashes. */
  constructor(entry: URL, inits: readonly unknown[], private readonly onCrash: (message: string) => void) {
    this.slots = inits.map((init, k) => this.spawn(entry, init, k));
  }

  /** Why the run lost a worker, if it did. */
  get crash(): string | undefined {
    return this.crashMessage;
  }

  /** Resolves when every worker is ready to start, or as soon as one has crashed. */
  ready(): Promise<void> {
    if (this.allReady() || this.crashMessage !== undefined) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Starts every worker's load at `startMs` (epoch ms). */
  begin(startMs: number): void {
    if (this.begun) return;
    this.begun = true;
    this.send({ type: 'start', startMs });
  }

  /** Stops every worker; one not started yet starts and stops at once, so each posts a final status. */
  abort(): void {
    this.begin(Date.now());
    this.send({ type: 'abort' });
  }

  /** Latest status of each worker that has reported one (its final one once done). */
  statuses(): WorkerStatus[] {
    return this.slots.flatMap((s) => {
      const latest = s.done ?? s.status;
      return latest !== undefined ? [latest] : [];
    });
  }

  /** Final messages of the workers that finished. */
  dones(): DoneMessage[] {
    return this.slots.flatMap((s) => (s.done !== undefined ? [s.done] : []));
  }

  /** Resolves once every worker thread has exited. */
  async finished(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.exited));
  }

  private allReady(): boolean {
    return this.slots.every((s) => s.ready);
  }

  private send(message: ToWorker): void {
    for (const s of this.slots) s.worker.postMessage(message);
  }

  private spawn(entry: URL, init: unknown, k: number): Slot {
    const worker = spawnWorker(entry, init);
    let exitedResolve: () => void = () => undefined;
    const slot: Slot = { worker, ready: false, exited: new Promise((r) => (exitedResolve = r)) };
    worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
    worker.on('error', (err) => this.crashed(`load worker ${k + 1} crashed: ${err.message}`));
    worker.on('exit', (code) => {
      if (slot.done === undefined) this.crashed(`load worker ${k + 1} exited (code ${code}) before finishing its load`);
      exitedResolve();
    });
    return slot;
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (m.type === 'ready') {
      slot.ready = true;
      if (this.allReady()) this.wakeReady();
    } else if (m.type === 'status') {
      slot.status = m;
    } else {
      slot.done = m;
      const timer = setTimeout(() => void slot.worker.terminate(), EXIT_GRACE_MS);
      timer.unref();
    }
  }

  private wakeReady(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w();
  }

  private crashed(message: string): void {
    if (this.crashMessage !== undefined) return;
    this.crashMessage = message;
    this.abort();
    this.wakeReady();
    this.onCrash(message);
  }
}
