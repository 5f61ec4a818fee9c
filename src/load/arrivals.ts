/**
 * Arrival times of the open model, computed exactly from the integral of the rate rather than
 * by accumulating intervals (which drifts). Arrival `j` (0-based) happens at the first moment
 * the cumulative number of arrivals A(t) = ∫₀ᵗ rate reaches `j`, so the first one is at t = 0
 * and a constant phase of r/s over d seconds holds ⌈r·d⌉ arrivals.
 *
 * In a phase from rate `a` to rate `b` over `D` (linear), A(τ) = a·τ + (b − a)·τ² / 2D; its
 * inverse for A = x is τ = 2x / (a + √(a² + 2(b − a)x / D)), which is stable for a = b, a = 0
 * and b < a alike.
 */
export interface Phase {
  durationMs: number;
  /** Arrivals per second at the start of the phase. */
  from: number;
  /** Arrivals per second at its end; equal to `from` for a constant rate. */
  to: number;
}

/** Arrivals a phase holds: the area under its rate line. */
export function phaseArrivals(p: Phase): number {
  return ((p.from + p.to) / 2) * (p.durationMs / 1000);
}

export function phasesDurationMs(phases: readonly Phase[]): number {
  return phases.reduce((sum, p) => sum + p.durationMs, 0);
}

/** Every arrival of the schedule: ⌈∑ arrivals⌉ (up to rounding noise). */
export function totalArrivals(phases: readonly Phase[]): number {
  const total = phases.reduce((sum, p) => sum + phaseArrivals(p), 0);
  return Math.ceil(total - 1e-9);
}

/** Seconds into a phase at which `x` of its arrivals have accumulated (0 ≤ x ≤ phaseArrivals). */
function timeInPhase(p: Phase, x: number): number {
  if (x <= 0) return 0;
  const d = p.durationMs / 1000;
  const root = Math.sqrt(Math.max(0, p.from * p.from + (2 * (p.to - p.from) * x) / d));
  return (2 * x) / (p.from + root);
}

/**
 * Walks the schedule in increasing arrival index. `at(j)` must be called with non-decreasing
 * `j`; it returns the arrival's offset from the run start in ms, or undefined past the end.
 */
export class ArrivalSchedule {
  private phase = 0;
  /** Arrivals accumulated before the current phase. */
  private before = 0;
  /** Start of the current phase, ms. */
  private phaseStartMs = 0;

  constructor(private readonly phases: readonly Phase[]) {}

  at(j: number): number | undefined {
    for (;;) {
      const p = this.phases[this.phase];
      if (p === undefined) return undefined;
      const inPhase = phaseArrivals(p);
      // Strictly inside the phase: arrival j happens before its end (the end belongs to the next).
      if (j < this.before + inPhase - 1e-9) return this.phaseStartMs + timeInPhase(p, j - this.before) * 1000;
      this.before += inPhase;
      this.phaseStartMs += p.durationMs;
      this.phase += 1;
    }
  }
}
