/** The effective load profile: the suite's, with the CLI's overrides applied. */
import type { ClosedLoad, LoadProfile } from '../suite/types.js';

export interface LoadOverrides {
  /** `--concurrency N`: virtual users. */
  vus?: number;
  /** `--iterations N`. */
  iterations?: number;
  /** `--duration 30s`, in ms. */
  durationMs?: number;
}

/** Applies overrides; an explicit count or duration replaces the suite's other stop condition. */
export function effectiveLoad(load: LoadProfile, overrides: LoadOverrides): LoadProfile {
  if (load.model !== 'closed') return load;
  const out: ClosedLoad = { ...load };
  if (overrides.vus !== undefined) {
    out.vus = overrides.vus;
    delete out.stages;
  }
  if (overrides.iterations !== undefined) {
    out.iterations = overrides.iterations;
    if (overrides.durationMs === undefined) delete out.durationMs;
  }
  if (overrides.durationMs !== undefined) {
    out.durationMs = overrides.durationMs;
    if (overrides.iterations === undefined) delete out.iterations;
  }
  return out;
}

/** Most virtual users the profile will run at once (sizes the connection pool). */
export function peakVus(load: ClosedLoad): number {
  const stageMax = Math.max(0, ...(load.stages ?? []).map((s) => s.target));
  return Math.max(1, load.vus, stageMax);
}
