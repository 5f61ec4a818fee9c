/**
 * A built-in probe: a named piece of code that exercises one area of the API and decides a
 * few named checks. The plan (suites/conformance.yaml) maps each requirement to one
 * `<probe>.<check>`; probes never know requirement ids.
 */
import type { ProbeContext } from './context.js';
import type { CheckVerdict, ProbeVerdicts } from './types.js';

export interface Probe {
  name: string;
  /** The coverage area whose prerequisites it needs. */
  area: string;
  /**
   * 1 runs with every other probe; 2 runs after them, alone: it compares lists that other
   * probes' runs would change under its feet (sessions paging).
   */
  phase: 1 | 2;
  checks: readonly string[];
  run(ctx: ProbeContext, out: Verdicts): Promise<void>;
}

/** The verdicts of one probe run, by check name. */
export class Verdicts {
  readonly map: ProbeVerdicts = new Map();

  constructor(private readonly checks: readonly string[]) {}

  set(check: string, verdict: CheckVerdict): void {
    if (!this.checks.includes(check)) throw new Error(`probe has no check "${check}"`);
    // The first verdict stands: a later step must not overwrite a failure already seen.
    if (!this.map.has(check)) this.map.set(check, verdict);
  }

  pass(check: string, evidence: string): void {
    this.set(check, { status: 'pass', evidence });
  }

  fail(check: string, evidence: string): void {
    this.set(check, { status: 'fail', evidence });
  }

  judge(check: string, ok: boolean, evidence: string): boolean {
    this.set(check, { status: ok ? 'pass' : 'fail', evidence });
    return ok;
  }

  notCovered(check: string, reason: string): void {
    this.set(check, { status: 'not-covered', evidence: reason });
  }

  /** Every check still undecided fails with `reason` (a step it depends on failed). */
  failRest(reason: string): void {
    for (const c of this.checks) if (!this.map.has(c)) this.map.set(c, { status: 'fail', evidence: `not evaluated: ${reason}` });
  }
}
