/**
 * Deterministic splitting of one load profile between workers and shards. A partition is
 * `{ index, count }` (0-based index): it owns virtual users `v` with `(v - 1) % count == index`,
 * iterations `j` with `j % count == index`, and open-model arrivals `j` with
 * `j % count == index`. The union of all partitions is exactly the single-process schedule.
 *
 * Shards and workers compose: worker `w` of `W` inside shard `s` of `S` (0-based) is partition
 * `s + S·w` of `S·W`, since `j % (S·W) == s + S·w` ⇔ `j % S == s` and `⌊j / S⌋ % W == w`.
 */
export interface Partition {
  /** 0-based; `0 <= index < count`. */
  index: number;
  count: number;
}

/** The whole schedule, in one piece. */
export const WHOLE: Partition = { index: 0, count: 1 };

/** Worker `worker` of `workers` inside `shard` (both 0-based). */
export function composePartition(shard: Partition, worker: number, workers: number): Partition {
  return { index: shard.index + shard.count * worker, count: shard.count * workers };
}

/** True when the partition owns item `j` (0-based iteration or arrival index). */
export function owns(p: Partition, j: number): boolean {
  return j % p.count === p.index;
}

/** True when the partition runs virtual user `vu` (1-based). */
export function ownsVu(p: Partition, vu: number): boolean {
  return (vu - 1) % p.count === p.index;
}

/** How many of the items `0 … total-1` the partition owns. */
export function shareOf(p: Partition, total: number): number {
  if (total <= p.index) return 0;
  return Math.floor((total - 1 - p.index) / p.count) + 1;
}
