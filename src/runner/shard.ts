/**
 * Shards: `--shard i/N` runs shard i (1-based) of N of the same suite in this process, on this
 * machine or another; the profile is split like workers split it (src/load/partition.ts), so
 * the shards together run exactly the single-process schedule. `--start-at` makes them start
 * together: the run waits for that moment, at most MAX_START_WAIT_MS ahead.
 */
import { sleep } from '../flow/sleep.js';
import type { Partition } from '../load/partition.js';
import type { LoadProfile } from '../suite/types.js';
import { RunError } from './errors.js';
import { peakConcurrency } from './load-profile.js';

export interface ShardSpec {
  /** 1-based, as on the command line. */
  index: number;
  count: number;
}

/** The furthest ahead `--start-at` may be: a typo should not leave a job waiting for hours. */
export const MAX_START_WAIT_MS = 10 * 60_000;

/** Parses `i/N`; undefined when it is not of that form with 1 ≤ i ≤ N. */
export function parseShard(text: string): ShardSpec | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (m === null) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : undefined;
}

/** Parses an ISO 8601 time or epoch milliseconds; undefined when neither. */
export function parseStartAt(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d{10,}$/.test(trimmed)) return Number(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) return undefined;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Refuses a start further ahead than MAX_START_WAIT_MS. A past moment starts at once. */
export function checkStartAt(atMs: number, nowMs: number): void {
  if (atMs - nowMs > MAX_START_WAIT_MS) {
    throw new RunError('START_AT_INVALID', `--start-at is ${Math.round((atMs - nowMs) / 60_000)} min away; at most 10 min ahead is accepted`, 'pass a moment shortly after all shards will have started, e.g. now + 1 min');
  }
}

/** The shard as a 0-based partition; refuses a split that leaves a shard nothing to run. */
export function checkShard(shard: ShardSpec | undefined, load: LoadProfile): Partition {
  if (shard === undefined) return { index: 0, count: 1 };
  const peak = peakConcurrency(load);
  if (shard.count > peak) {
    const what = load.model === 'open' ? `maxInFlight ${peak}` : `${peak} virtual users`;
    throw new RunError('SHARD_INVALID', `${shard.count} shards cannot split ${what}: each shard needs at least one`, 'use fewer shards or raise the concurrency');
  }
  return { index: shard.index - 1, count: shard.count };
}

/** Waits until `atMs` (epoch); false when the signal aborted first. */
export function waitForStart(atMs: number | undefined, signal: AbortSignal): Promise<boolean> {
  if (atMs === undefined) return Promise.resolve(!signal.aborted);
  return sleep(atMs - Date.now(), signal);
}
