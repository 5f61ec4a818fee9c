/**
 * Ramping virtual users: each stage moves linearly from the previous target (the initial VU
 * count for the first stage) to its own target over its duration; after the last stage the
 * last target holds.
 */
export interface Stage {
  durationMs: number;
  target: number;
}

/** Virtual users wanted `elapsedMs` into the run (rounded to a whole user). */
export function vusAt(initial: number, stages: readonly Stage[], elapsedMs: number): number {
  let from = initial;
  let t = elapsedMs;
  for (const stage of stages) {
    if (t < stage.durationMs) {
      const share = stage.durationMs > 0 ? t / stage.durationMs : 1;
      return Math.round(from + (stage.target - from) * share);
    }
    t -= stage.durationMs;
    from = stage.target;
  }
  return from;
}

export function stagesDurationMs(stages: readonly Stage[]): number {
  return stages.reduce((sum, s) => sum + s.durationMs, 0);
}
