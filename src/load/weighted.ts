/**
 * Deterministic weighted round-robin (the "smooth" variant nginx uses): over any window of
 * sum(weights) picks, each item is picked exactly `weight` times, and picks of one item are
 * spread out rather than bunched. Shared by all virtual users of a run.
 */
export class WeightedRoundRobin<T> {
  private readonly current: number[];
  private readonly total: number;

  constructor(private readonly items: ReadonlyArray<{ item: T; weight: number }>) {
    if (items.length === 0) throw new Error('WeightedRoundRobin needs at least one item');
    this.current = items.map(() => 0);
    this.total = items.reduce((sum, i) => sum + i.weight, 0);
  }

  next(): T {
    let best = 0;
    for (let i = 0; i < this.items.length; i += 1) {
      this.current[i] = (this.current[i] ?? 0) + (this.items[i]?.weight ?? 0);
      if ((this.current[i] ?? 0) > (this.current[best] ?? 0)) best = i;
    }
    this.current[best] = (this.current[best] ?? 0) - this.total;
    const picked = this.items[best];
    if (picked === undefined) throw new Error('unreachable: index out of range');
    return picked.item;
  }
}
