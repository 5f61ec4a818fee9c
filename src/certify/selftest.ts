/**
 * The mutation test of certify: certify the reference server once as it is (must be
 * CERTIFIED) and once under each deviation switch (must fail the requirement that documents
 * the broken behaviour: a MUST deviation makes it NOT CERTIFIED, a SHOULD deviation only warns).
 * The mutation score is deviations caught / deviations.
 */
import { DEVIATION_NAMES } from '../reference-server/deviations.js';
import type { DeviationName } from '../reference-server/deviations.js';
import type { Report } from '../report/model.js';
import { certify } from './certify.js';
import { EMBEDDED_TIMINGS, startEmbedded } from './embedded.js';
import type { CertificationPlan } from './types.js';

/** The requirement each deviation breaks, by id in suites/conformance.yaml. */
export const EXPECTED: Readonly<Record<DeviationName, string>> = {
  'start-200': 'RUN-001',
  'start-missing-field': 'RUN-002',
  'poll-missing-output': 'RUN-003',
  'terminal-flaps': 'RUN-005',
  'invalid-key-403': 'AUTH-002',
  'scope-ignored': 'AUTH-003',
  'uploads-flag-ignored': 'AUTH-004',
  'run-read-any-key': 'AUTH-005',
  'sessions-off-by-one': 'SESS-002',
  'conversation-unordered': 'CONV-002',
  'root-depth-1': 'CONV-003',
  'slim-ignored': 'CONV-004',
  'stream-never-closes': 'STREAM-003',
  'stream-not-json': 'STREAM-002',
  'hitl-resume-200': 'HITL-002',
  'skip-wait-always-202': 'RUN-007',
  'upload-headers-ignored': 'FILE-002',
  'upload-signature-ignored': 'FILE-003',
  'upload-expiry-ignored': 'FILE-004',
  'upload-size-ignored': 'FILE-005',
  'finalize-size-number': 'FILE-006',
  'finalize-not-idempotent': 'FILE-007',
  'file-ref-unchecked': 'FILE-009',
  'rate-limit-ignored': 'RATE-001',
  'no-retry-after': 'RATE-002',
  'error-body-text': 'ERR-001',
  'unknown-run-400': 'ERR-002',
};

export interface SelfTestRow {
  /** `none` for the unmodified server. */
  deviation: DeviationName | 'none';
  expected: string;
  /** Level of the expected requirement in the plan. */
  level: 'MUST' | 'SHOULD' | '?';
  verdict: 'CERTIFIED' | 'NOT CERTIFIED';
  /** Ids that failed (MUST) or warned (SHOULD). */
  flagged: string[];
  /** MUST: NOT CERTIFIED with the expected id failed; SHOULD: the id warned and no MUST failed; none: CERTIFIED. */
  caught: boolean;
}

export interface SelfTestResult {
  rows: SelfTestRow[];
  caught: number;
  total: number;
  /** The unmodified server was CERTIFIED with nothing flagged. */
  baselineCertified: boolean;
}

function judge(deviation: DeviationName | 'none', plan: CertificationPlan, report: Report): SelfTestRow {
  const c = report.certification;
  const reqs = c?.requirements ?? [];
  const flagged = reqs.filter((r) => r.status === 'fail' || r.status === 'warn').map((r) => r.id);
  const verdict = c?.verdict ?? 'NOT CERTIFIED';
  if (deviation === 'none') return { deviation, expected: '-', level: '?', verdict, flagged, caught: verdict === 'CERTIFIED' && flagged.length === 0 };
  const expected = EXPECTED[deviation];
  const level = plan.requirements.find((r) => r.id === expected)?.level ?? '?';
  const status = reqs.find((r) => r.id === expected)?.status;
  const mustFailed = reqs.some((r) => r.level === 'MUST' && r.status === 'fail');
  const caught = level === 'MUST'
    ? verdict === 'NOT CERTIFIED' && status === 'fail'
    : level === 'SHOULD' && status === 'warn' && !mustFailed && verdict === 'CERTIFIED';
  return { deviation, expected, level, verdict, flagged, caught };
}

/** Certifies a fresh embedded reference server with the given deviations (none = as it is). */
export async function certifyReference(plan: CertificationPlan, deviations: readonly DeviationName[]): Promise<Report> {
  const { server, target } = await startEmbedded(deviations);
  try {
    return await certify({ target, plan, embedded: true, timings: EMBEDDED_TIMINGS });
  } finally {
    await server.close();
  }
}

export interface SelfTestOptions {
  /** Certifications run at once. Default 4. */
  concurrency?: number;
  /** Deviations to test. Default every one. */
  deviations?: readonly DeviationName[];
  /** Called as each certification finishes (progress). */
  onRow?: (row: SelfTestRow) => void;
}

export async function runSelfTest(plan: CertificationPlan, options: SelfTestOptions = {}): Promise<SelfTestResult> {
  const jobs: Array<DeviationName | 'none'> = ['none', ...(options.deviations ?? DEVIATION_NAMES)];
  const rows: SelfTestRow[] = new Array<SelfTestRow>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < jobs.length; i = next++) {
      const deviation = jobs[i] ?? 'none';
      const report = await certifyReference(plan, deviation === 'none' ? [] : [deviation]);
      const row = judge(deviation, plan, report);
      rows[i] = row;
      options.onRow?.(row);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  const mutants = rows.filter((r) => r.deviation !== 'none');
  return {
    rows,
    caught: mutants.filter((r) => r.caught).length,
    total: mutants.length,
    baselineCertified: rows[0]?.caught === true,
  };
}

/** The table `npm run certify:selftest` prints, with the mutation score line last. */
export function renderSelfTest(result: SelfTestResult): string {
  const head = ['deviation', 'level', 'expected', 'verdict', 'flagged', 'caught'];
  const body = result.rows.map((r) => [r.deviation, r.level, r.expected, r.verdict, r.flagged.join(' ') || '-', r.caught ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    '',
    `unmodified reference server: ${result.baselineCertified ? 'CERTIFIED' : 'NOT CERTIFIED (unexpected)'}`,
    `mutation score: ${result.caught}/${result.total} deviations caught`,
  ].join('\n');
}
