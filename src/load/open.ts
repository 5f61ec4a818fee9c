/**
 * The open load model: flows arrive on a schedule of phases (arrivals per second, constant or
 * ramping), whatever the target's speed. Each arrival starts one flow iteration with its
 * intended start time, so the flow's duration is measured from when it should have started
 * (coordinated omission corrected). When `maxInFlight` iterations are already running, the
 * arrival is dropped and counted, never queued. When the timer fires late (a busy event loop),
 * every arrival whose time has passed is started or dropped at once: none is skipped silently.
 * Flows are picked per arrival by weighted round-robin over the global arrival index, so a
 * partition (worker, shard) picks exactly what the single-process schedule would.
 */
import { performance } from 'node:perf_hooks';
import { sleep } from '../flow/sleep.js';
import type { Flow, OpenLoad } from '../suite/types.js';
import { ArrivalSchedule, phasesDurationMs, totalArrivals } from './arrivals.js';
import { owns, shareOf, WHOLE, type Partition } from './partition.js';
import { WeightedRoundRobin } from './weighted.js';

export interface OpenModelOptions {
  load: OpenLoad;
  /** Flows to schedule (skipped flows already removed); at least one. */
  flows: Flow[];
  /** Runs one iteration; `intendedStartMs` is on the `performance.now()` clock. */
  runIteration: (flow: Flow, vu: number, iteration: number, intendedStartMs: number) => Promise<unknown>;
  /** Called for an arrival that could not start because `maxInFlight` iterations were running. */
  onDropped: (flow: Flow, atMs: number) => void;
  signal: AbortSignal;
  /** This model's share of the arrivals and of `maxInFlight` (see partition.ts). Default: all. */
  partition?: Partition;
  /** When the schedule starts, on the `performance.now()` clock. Default: when `run()` is called. */
  startPerfMs?: number;
}

export interface OpenProgress {
  elapsedMs: number;
  totalMs: number;
  /** Iterations finished so far. */
  done: number;
  inFlight: number;
  dropped: number;
  /** Arrivals due so far (started or dropped). */
  arrived: number;
  /** Arrivals this model will see over the whole schedule. */
  planned: number;
}

/** One partition's share of the in-flight cap: the cap split like the arrivals, at least 1. */
export function inFlightShare(maxInFlight: number, p: Partition): number {
  return Math.max(1, shareOf(p, maxInFlight));
}

export class OpenModel {
  private startMs = performance.now();
  private readonly partition: Partition;
  private readonly cap: number;
  private readonly rr: WeightedRoundRobin<Flow>;
  private readonly running = new Set<Promise<void>>();
  /** Free virtual-user slots (1-based, local); reused so `vu` stays within the cap. */
  private readonly freeSlots: number[] = [];
  private nextSlot = 1;
  private done = 0;
  private dropped = 0;
  private arrived = 0;
  /** A harness bug thrown by an iteration (target failures are data and never get here). */
  private failure: { error: unknown } | undefined;

  constructor(private readonly options: OpenModelOptions) {
    this.partition = options.partition ?? WHOLE;
    this.cap = inFlightShare(options.load.maxInFlight, this.partition);
    this.rr = new WeightedRoundRobin(options.flows.map((f) => ({ item: f, weight: f.weight })));
  }

  progress(): OpenProgress {
    return {
      elapsedMs: Math.max(0, performance.now() - this.startMs),
      totalMs: phasesDurationMs(this.options.load.phases),
      done: this.done,
      inFlight: this.running.size,
      dropped: this.dropped,
      arrived: this.arrived,
      planned: shareOf(this.partition, totalArrivals(this.options.load.phases)),
    };
  }

  async run(): Promise<void> {
    this.startMs = this.options.startPerfMs ?? performance.now();
    const schedule = new ArrivalSchedule(this.options.load.phases);
    const { signal } = this.options;
    for (let j = 0; !signal.aborted && this.failure === undefined; j += 1) {
      const flow = this.rr.next(); // advanced for every global arrival, owned or not
      if (!owns(this.partition, j)) continue;
      const offset = schedule.at(j);
      if (offset === undefined) break;
      const due = this.startMs + offset;
      if (performance.now() < due && !(await sleep(due - performance.now(), signal))) break;
      this.arrive(flow, j, due);
    }
    while (this.running.size > 0) await Promise.all([...this.running]);
    // Rethrown once every flow in flight has settled, so the caller sees it instead of an
    // unhandled rejection killing the process (or worker) without a report.
    if (this.failure !== undefined) throw this.failure.error;
  }

  private arrive(flow: Flow, j: number, dueMs: number): void {
    this.arrived += 1;
    if (this.running.size >= this.cap) {
      this.dropped += 1;
      this.options.onDropped(flow, performance.timeOrigin + dueMs);
      return;
    }
    const slot = this.freeSlots.pop() ?? this.nextSlot++;
    // Global VU numbers: local slot s of partition p is p + count·(s − 1) + 1, unique across partitions.
    const vu = this.partition.index + this.partition.count * (slot - 1) + 1;
    const p: Promise<void> = this.options
      .runIteration(flow, vu, j, dueMs)
      .then(
        () => undefined,
        (error: unknown) => {
          this.failure ??= { error };
        },
      )
      .finally(() => {
        this.running.delete(p);
        this.freeSlots.push(slot);
        this.done += 1;
      });
    this.running.add(p);
  }
}
