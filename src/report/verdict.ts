/**
 * The run's verdict and exit code (design.md §3). Precedence, first match wins:
 *   interrupted → 130 · aborted or target unreachable → 5 · thresholds failed → 3 ·
 *   checks, flows or certification requirements failed → 1 · otherwise 0.
 * `reasons` lists every problem found (not only the one that set the exit code), in words.
 * The target is unreachable when it answered nothing: requests were made and every one failed
 * with a refused connection, a DNS failure or a TLS failure.
 */
import { EXIT } from '../cli/exit-codes.js';
import type { Report, Verdict } from './model.js';

export type VerdictInput = Pick<Report, 'run' | 'totals' | 'flows' | 'thresholds' | 'certification' | 'target'>;

const UNREACHABLE: ReadonlyArray<'refused' | 'dns' | 'tls'> = ['refused', 'dns', 'tls'];

export function isUnreachable(totals: Report['totals']): boolean {
  if (totals.requests === 0) return false;
  const failedToConnect = UNREACHABLE.reduce((n, c) => n + (totals.errors[c] ?? 0), 0);
  return failedToConnect >= totals.requests;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "12 of 400 checks failed (step wait_done: status; step create: schema run)". */
function checkReason(input: VerdictInput): string | undefined {
  const { passed, failed } = input.totals.checks;
  if (failed === 0) return undefined;
  const worst = input.flows
    .flatMap((f) => f.steps.flatMap((s) => s.checks.filter((c) => c.failed > 0).map((c) => ({ s: s.name, c }))))
    .sort((a, b) => b.c.failed - a.c.failed)
    .slice(0, 3)
    .map((x) => `step ${x.s}: ${x.c.name}`);
  const where = worst.length > 0 ? ` (${worst.join('; ')})` : '';
  return `${failed} of ${passed + failed} checks failed${where}`;
}

function flowReasons(input: VerdictInput): string[] {
  return input.flows
    .filter((f) => f.failed > 0)
    .map((f) => `flow ${f.name}: ${f.failed} of ${plural(f.iterations, 'iteration')} failed`);
}

function thresholdReasons(input: VerdictInput): string[] {
  return input.thresholds
    .filter((t) => !t.passed)
    .map((t) => `threshold ${t.metric}: ${t.expression} failed (actual ${t.actual === null ? 'no data' : String(t.actual)})`);
}

function certificationReasons(input: VerdictInput): string[] {
  const c = input.certification;
  if (c === undefined) return [];
  const failed = c.requirements.filter((r) => r.status === 'fail' && r.level === 'MUST');
  if (c.verdict === 'CERTIFIED' && failed.length === 0) return [];
  const ids = failed.slice(0, 5).map((r) => r.id);
  return [`not certified: ${plural(failed.length, 'MUST requirement')} failed${ids.length > 0 ? ` (${ids.join(', ')})` : ''}`];
}

function stopReasons(input: VerdictInput, unreachable: boolean): string[] {
  const out: string[] = [];
  if (input.run.status === 'interrupted') out.push('the run was interrupted; the report is partial');
  if (input.run.status === 'aborted') out.push(`the run was aborted${input.run.abortReason ? `: ${input.run.abortReason}` : ''}`);
  if (unreachable) {
    out.push(`target unreachable: all ${plural(input.totals.requests, 'request')} to ${input.target.baseUrl} failed to connect (refused, DNS or TLS)`);
  }
  return out;
}

export function computeVerdict(input: VerdictInput): Verdict {
  const unreachable = isUnreachable(input.totals);
  const thresholds = thresholdReasons(input);
  const checks = checkReason(input);
  const flows = flowReasons(input);
  const cert = certificationReasons(input);
  const reasons = [...stopReasons(input, unreachable), ...thresholds, ...(checks ? [checks] : []), ...flows, ...cert];
  let exitCode: number = EXIT.pass;
  if (input.run.status === 'interrupted') exitCode = EXIT.interrupted;
  else if (input.run.status === 'aborted' || unreachable) exitCode = EXIT.aborted;
  else if (thresholds.length > 0) exitCode = EXIT.thresholdsFailed;
  else if (checks !== undefined || flows.length > 0 || cert.length > 0) exitCode = EXIT.checksFailed;
  return { passed: exitCode === EXIT.pass, exitCode, reasons };
}
