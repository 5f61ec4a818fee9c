/**
 * The closed load model: N virtual users, each an async loop running one flow iteration after
 * another (flows picked by weighted round-robin shared by all users). The run ends when the
 * shared iteration budget is spent, the duration has elapsed, or the signal aborts; a user
 * finishes the iteration it is in. With neither iterations nor duration (nor stages), each flow
 * runs once, in suite order, on virtual user 1.
 */
import { performance } from 'node:perf_hooks';
import { sleep } from '../flow/sleep.js';
import type { ClosedLoad, Flow } from '../suite/types.js';
import { ownsVu, shareOf, WHOLE, type Partition } from './partition.js';
import { stagesDurationMs, vusAt } from './stages.js';
import { WeightedRoundRobin } from './weighted.js';

export interface ClosedModelOptions {
  load: ClosedLoad;
  /** Flows to schedule (skipped flows already removed); at least one. */
  flows: Flow[];
  runIteration: (flow: Flow, vu: number, iteration: number) => Promise<unknown>;
  signal: AbortSignal;
  /** How often ramping stages re-evaluate the wanted VU count. Default 100 ms. */
  stageTickMs?: number;
  /**
   * The share of the profile this model runs (workers, shards): its virtual users and its part
   * of the iteration budget (see partition.ts). Default: the whole profile.
   */
  partition?: Partition;
}

export interface ClosedProgress {
  elapsedMs: number;
  /** Planned run length, when the profile has one. */
  totalMs?: number;
  /** Iterations finished so far. */
  done: number;
  /** Planned iterations, when the profile has a count. */
  total?: number;
  inFlight: number;
  vus: number;
}

export class ClosedModel {
  /** Reset when run() starts: a worker builds the model, then waits for the shared start. */
  private startMs = performance.now();
  private endMs: number | undefined;
  /** Set by a timer at endMs: one timer per run instead of a clock read per iteration. */
  private expired = false;
  private readonly plannedMs: number | undefined;
  private readonly rr: WeightedRoundRobin<Flow>;
  private readonly running = new Map<number, Promise<void>>();
  private issued = 0;
  private done = 0;
  private inFlight = 0;
  /** A harness bug thrown by an iteration (target failures are data and never get here). */
  private failure: { error: unknown } | undefined;
  private readonly partition: Partition;
  /** This partition's share of the iteration budget, when the profile has one. */
  private readonly budget: number | undefined;

  constructor(private readonly options: ClosedModelOptions) {
    const { load } = options;
    this.partition = options.partition ?? WHOLE;
    this.budget = load.iterations !== undefined ? shareOf(this.partition, load.iterations) : undefined;
    this.plannedMs = load.durationMs ?? (load.stages !== undefined ? stagesDurationMs(load.stages) : undefined);
    this.endMs = this.plannedMs !== undefined ? this.startMs + this.plannedMs : undefined;
    this.rr = new WeightedRoundRobin(options.flows.map((f) => ({ item: f, weight: f.weight })));
  }

  /** True when the profile asks for neither a count, a duration nor stages: every flow once. */
  private get once(): boolean {
    const { load } = this.options;
    return load.iterations === undefined && load.durationMs === undefined && load.stages === undefined;
  }

  progress(): ClosedProgress {
    const { load } = this.options;
    const total = this.once ? (this.partition.index === 0 ? this.options.flows.length : 0) : this.budget;
    return {
      elapsedMs: performance.now() - this.startMs,
      ...(this.endMs !== undefined ? { totalMs: this.endMs - this.startMs } : {}),
      done: this.done,
      ...(total !== undefined ? { total } : {}),
      inFlight: this.inFlight,
      vus: this.running.size,
    };
  }

  async run(): Promise<void> {
    this.startMs = performance.now();
    this.endMs = this.plannedMs !== undefined ? this.startMs + this.plannedMs : undefined;
    if (this.once) return this.partition.index === 0 ? this.runOnce() : undefined;
    const expiry = this.plannedMs !== undefined ? setTimeout(() => (this.expired = true), this.plannedMs) : undefined;
    try {
      await this.runUsers();
    } finally {
      clearTimeout(expiry);
    }
  }

  private async runUsers(): Promise<void> {
    if (this.options.load.stages === undefined) {
      for (let vu = 1; vu <= this.options.load.vus; vu += 1) if (ownsVu(this.partition, vu)) this.spawn(vu);
    } else {
      await this.followStages();
    }
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
    // Rethrown once every virtual user has stopped, instead of an unhandled rejection (stages)
    // or a Promise.all that gives up while other users still hold the client.
    if (this.failure !== undefined) throw this.failure.error;
  }

  private async runOnce(): Promise<void> {
    let iteration = 0;
    for (const flow of this.options.flows) {
      if (this.options.signal.aborted) return;
      await this.iterate(flow, 1, iteration++);
    }
  }

  private stopped(): boolean {
    if (this.options.signal.aborted || this.failure !== undefined) return true;
    if (this.expired) return true;
    return this.budget !== undefined && this.issued >= this.budget;
  }

  private wantedVus(): number {
    const { load } = this.options;
    if (load.stages === undefined) return load.vus;
    return vusAt(load.vus, load.stages, performance.now() - this.startMs);
  }

  /** Takes one iteration from the shared budget; false when the run is over. */
  private claim(): boolean {
    if (this.stopped()) return false;
    this.issued += 1;
    return true;
  }

  private async followStages(): Promise<void> {
    const tick = this.options.stageTickMs ?? 100;
    while (!this.stopped()) {
      const wanted = this.wantedVus();
      for (let vu = 1; vu <= wanted; vu += 1) if (ownsVu(this.partition, vu) && !this.running.has(vu)) this.spawn(vu);
      if (!(await sleep(tick, this.options.signal))) return;
    }
  }

  private spawn(vu: number): void {
    const loop = this.vuLoop(vu)
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(vu));
    this.running.set(vu, loop);
  }

  /** One virtual user: iterate while it is still wanted and the budget lasts. */
  private async vuLoop(vu: number): Promise<void> {
    for (let iteration = 0; vu <= this.wantedVus() && this.claim(); iteration += 1) {
      // iterate() inlined: one async frame less per iteration on the hottest loop of a run.
      this.inFlight += 1;
      try {
        await this.options.runIteration(this.rr.next(), vu, iteration);
      } finally {
        this.inFlight -= 1;
        this.done += 1;
      }
      const think = this.options.load.thinkTimeMs;
      // No pause after the last iteration: the run would end up to thinkTime.max late.
      if (think === undefined || this.stopped()) continue;
      if (!(await sleep(think.min + Math.random() * (think.max - think.min), this.options.signal))) return;
    }
  }

  private async iterate(flow: Flow, vu: number, iteration: number): Promise<void> {
    this.inFlight += 1;
    try {
      await this.options.runIteration(flow, vu, iteration);
    } finally {
      this.inFlight -= 1;
      this.done += 1;
    }
  }
}
