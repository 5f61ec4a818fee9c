/**
 * `--tolerance p95=10%,p99=20%,errors=0.5pp,rps=10%`: the command-line form of compare
 * tolerances. Percentages for latency and throughput (a bare number is a percentage too),
 * percentage points for errors, a plain factor for `noise`, a count for `samples`.
 */
import type { Tolerances } from './compare-types.js';

const PERCENT_KEYS = { p50: 'p50', p95: 'p95', p99: 'p99', rps: 'rps', throughput: 'rps' } as const;

export function parseTolerances(text: string): { tolerances: Partial<Tolerances> } | { error: string } {
  const out: Partial<Tolerances> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^([a-z0-9_]+)\s*=\s*([0-9]+(?:\.[0-9]+)?)\s*(%|pp)?$/i.exec(part);
    if (m === null) return { error: `bad tolerance "${part}" (expected e.g. p95=10%, errors=0.5pp, rps=10%)` };
    const [, rawKey = '', rawValue = '', unit] = m;
    const key = rawKey.toLowerCase();
    const value = Number(rawValue);
    if (key in PERCENT_KEYS) {
      if (unit === 'pp') return { error: `tolerance ${key} is a percentage (e.g. ${key}=10%), not percentage points` };
      out[PERCENT_KEYS[key as keyof typeof PERCENT_KEYS]] = value / 100;
    } else if (key === 'errors' || key === 'error_rate') {
      if (unit === '%') return { error: 'tolerance errors is in percentage points (e.g. errors=0.5pp)' };
      out.errorRatePp = value;
    } else if (key === 'noise') out.noiseK = value;
    else if (key === 'samples') out.minSamples = Math.round(value);
    else return { error: `unknown tolerance "${rawKey}" (known: p50, p95, p99, rps, errors, noise, samples)` };
  }
  return { tolerances: out };
}
