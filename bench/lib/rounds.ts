/**
 * Interleaved rounds: every contender runs once per round, in the same order (A, B, A, B…),
 * so that slow drift on the machine (other processes, thermal state) hits all of them alike.
 * Ratios are taken within a round, then the median over rounds is reported.
 */

/** One contender's result in one round: its value (req/s, ms…) and, when known, CPU µs per request. */
export interface Measured {
  value: number;
  cpuPerRequestUs?: number;
}

export type Contender = () => Promise<Measured>;

export interface RoundsResult {
  /** Per contender: its value in each round. */
  values: Record<string, number[]>;
  /** Per contender: CPU µs per request in each round (NaN when not measured). */
  cpu: Record<string, number[]>;
}

/**
 * Runs every contender once unmeasured (warm-up: the servers' JIT and caches, the page cache
 * for the children's modules), then `rounds` measured rounds.
 */
export async function interleave(contenders: Record<string, Contender>, rounds: number, log: (line: string) => void): Promise<RoundsResult> {
  const values: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  for (const name of Object.keys(contenders)) {
    values[name] = [];
    cpu[name] = [];
  }
  for (const [name, run] of Object.entries(contenders)) log(`  warm-up ${name}: ${(await run()).value.toFixed(0)}`);
  for (let round = 1; round <= rounds; round += 1) {
    for (const [name, run] of Object.entries(contenders)) {
      const m = await run();
      values[name]?.push(m.value);
      cpu[name]?.push(m.cpuPerRequestUs ?? Number.NaN);
      const perRequest = m.cpuPerRequestUs !== undefined ? ` (${m.cpuPerRequestUs.toFixed(1)} µs CPU/request)` : '';
      log(`  round ${round}/${rounds} ${name}: ${m.value.toFixed(0)}${perRequest}`);
    }
  }
  return { values, cpu };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * CPU efficiency: median over rounds of reference CPU per request / ours. Far less sensitive to
 * other processes than throughput (time stolen by them is not counted), and on a quiet machine
 * with a saturated client core it is what the throughput ratio tends to.
 */
export function cpuRatio(r: RoundsResult, ours: string, reference: string): number {
  const a = r.cpu[ours] ?? [];
  const b = r.cpu[reference] ?? [];
  return median(a.map((x, i) => (b[i] ?? Number.NaN) / x).filter((x) => Number.isFinite(x)));
}

/** Median CPU µs per request of one contender. */
export function cpuPerRequest(r: RoundsResult, name: string): number {
  return median((r.cpu[name] ?? []).filter((x) => Number.isFinite(x)));
}

/** Median over rounds of ours[i] / reference[i]. */
export function ratio(r: RoundsResult, ours: string, reference: string): number {
  const a = r.values[ours] ?? [];
  const b = r.values[reference] ?? [];
  return median(a.map((x, i) => x / (b[i] ?? Number.NaN)));
}
