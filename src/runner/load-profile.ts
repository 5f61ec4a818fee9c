/**
 * The effective load profile: the suite's, with the CLI's overrides applied.
 *
 * - `--rate N` switches to (or overrides) the open model: one constant phase of N arrivals/s
 *   for `--duration` (default 30 s); `--max-in-flight` sets its cap.
 * - `--concurrency N` switches to (or overrides) the closed model with N virtual users (stages
 *   dropped); an open suite keeps its phases' length as the duration unless one is given.
 * - `--duration` alone: closed, replaces the stop condition; open, the schedule is cut at the
 *   duration, or its last rate holds until then.
 * - `--iterations` applies to the closed model only.
 */
import type { ClosedLoad, LoadProfile, OpenLoad } from '../suite/types.js';
import { phasesDurationMs } from '../load/arrivals.js';
import { RunError } from './errors.js';

export interface LoadOverrides {
  /** `--concurrency N`: virtual users (closed model). */
  vus?: number;
  /** `--iterations N` (closed model). */
  iterations?: number;
  /** `--duration 30s`, in ms. */
  durationMs?: number;
  /** `--rate N`: arrivals per second (open model). */
  ratePerSec?: number;
  /** `--max-in-flight N` (open model). */
  maxInFlight?: number;
}

/** Default length of a `--rate` run without `--duration`. */
export const DEFAULT_RATE_DURATION_MS = 30_000;
/** Default in-flight cap of a `--rate` run on a closed suite (the suite format's default). */
const DEFAULT_MAX_IN_FLIGHT = 1000;

function conflict(message: string): RunError {
  return new RunError('LOAD_OVERRIDE_CONFLICT', message, 'use --rate (open model) or --concurrency/--iterations (closed model), not both');
}

/** Phases cut at `durationMs`, or extended by holding the last rate until then. */
function fitPhases(phases: OpenLoad['phases'], durationMs: number): OpenLoad['phases'] {
  const out: OpenLoad['phases'] = [];
  let left = durationMs;
  for (const p of phases) {
    if (left <= 0) break;
    if (p.durationMs <= left) out.push({ ...p });
    else out.push({ durationMs: left, from: p.from, to: p.from + ((p.to - p.from) * left) / p.durationMs });
    left -= p.durationMs;
  }
  const last = phases[phases.length - 1];
  if (left > 0 && last !== undefined) out.push({ durationMs: left, from: last.to, to: last.to });
  return out;
}

function openOverride(load: LoadProfile, o: LoadOverrides): OpenLoad {
  const base = load.model === 'open' ? load : undefined;
  const maxInFlight = o.maxInFlight ?? base?.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  if (o.ratePerSec !== undefined) {
    const durationMs = o.durationMs ?? DEFAULT_RATE_DURATION_MS;
    return { model: 'open', phases: [{ durationMs, from: o.ratePerSec, to: o.ratePerSec }], maxInFlight };
  }
  const phases = base?.phases ?? [];
  return { model: 'open', phases: o.durationMs !== undefined ? fitPhases(phases, o.durationMs) : phases.map((p) => ({ ...p })), maxInFlight };
}

function closedOverride(load: LoadProfile, o: LoadOverrides): ClosedLoad {
  const out: ClosedLoad = load.model === 'closed' ? { ...load } : { model: 'closed', vus: 1, durationMs: phasesDurationMs(load.phases) };
  if (o.vus !== undefined) {
    out.vus = o.vus;
    delete out.stages;
  }
  if (o.iterations !== undefined) {
    out.iterations = o.iterations;
    if (o.durationMs === undefined) delete out.durationMs;
  }
  if (o.durationMs !== undefined) {
    out.durationMs = o.durationMs;
    if (o.iterations === undefined) delete out.iterations;
  }
  return out;
}

/** Applies overrides; an explicit count or duration replaces the suite's other stop condition. */
export function effectiveLoad(load: LoadProfile, overrides: LoadOverrides): LoadProfile {
  const closedAsked = overrides.vus !== undefined || overrides.iterations !== undefined;
  if (overrides.ratePerSec !== undefined && closedAsked) throw conflict('--rate cannot be combined with --concurrency or --iterations');
  const openAsked = overrides.ratePerSec !== undefined || load.model === 'open';
  if (overrides.maxInFlight !== undefined && (closedAsked || !openAsked)) throw conflict('--max-in-flight applies to the open model only: add --rate N');
  if (overrides.ratePerSec !== undefined || overrides.maxInFlight !== undefined) return openOverride(load, overrides);
  if (load.model === 'open' && !closedAsked) return openOverride(load, overrides);
  if (load.model === 'open' && overrides.vus === undefined) throw conflict('--iterations needs virtual users: add --concurrency N to run an open suite closed');
  return closedOverride(load, overrides);
}

/** Most flows the profile will run at once (sizes the connection pool). */
export function peakConcurrency(load: LoadProfile): number {
  if (load.model === 'open') return Math.max(1, load.maxInFlight);
  const stageMax = Math.max(0, ...(load.stages ?? []).map((s) => s.target));
  return Math.max(1, load.vus, stageMax);
}

/** Load threads worth starting: no more than there are virtual users or iterations to share. */
export function usefulWorkers(load: LoadProfile, requested: number, shards: number): number {
  if (load.model === 'open') return Math.max(1, Math.min(requested, Math.floor(load.maxInFlight / shards)));
  const once = load.iterations === undefined && load.durationMs === undefined && load.stages === undefined;
  if (once) return 1;
  const perShard = Math.ceil(peakConcurrency(load) / shards);
  const iterations = load.iterations !== undefined ? Math.ceil(load.iterations / shards) : Infinity;
  return Math.max(1, Math.min(requested, perShard, iterations));
}
