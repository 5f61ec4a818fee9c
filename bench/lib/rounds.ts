/**
 * Interleaved rounds: every contender runs once per round, in the same order (A, B, A, B…),
 * so that slow drift on the machine (other processes, thermal state) hits all of them alike.
 * Ratios are taken within a round, then the median over rounds is reported.
 */

export type Contender = () => Promise<number>;

export interface RoundsResult {
  /** Per contender: its value in each round. */
  values: Record<string, number[]>;
}

/**
 * Runs every contender once unmeasured (warm-up: the servers' JIT and caches, the page cache
 * for the children's modules), then `rounds` measured rounds.
 */
export async function interleave(contenders: Record<string, Contender>, rounds: number, log: (line: string) => void): Promise<RoundsResult> {
  const values: Record<string, number[]> = {};
  for (const name of Object.keys(contenders)) values[name] = [];
  for (const [name, run] of Object.entries(contenders)) log(`  warm-up ${name}: ${(await run()).toFixed(0)}`);
  for (let round = 1; round <= rounds; round += 1) {
    for (const [name, run] of Object.entries(contenders)) {
      const value = await run();
      values[name]?.push(value);
      log(`  round ${round}/${rounds} ${name}: ${value.toFixed(0)}`);
    }
  }
  return { values };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median over rounds of ours[i] / reference[i]. */
export function ratio(r: RoundsResult, ours: string, reference: string): number {
  const a = r.values[ours] ?? [];
  const b = r.values[reference] ?? [];
  return median(a.map((x, i) => x / (b[i] ?? Number.NaN)));
}
