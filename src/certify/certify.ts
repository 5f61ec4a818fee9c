/**
 * Certification of one deployment: runs what the plan references for the covered areas — the
 * built-in probes (phase 1 together with the flows suite's steps, phase 2 alone afterwards) —
 * maps check and step outcomes to the plan's requirements, and builds the certificate report
 * with its digest.
 */
import { performance } from 'node:perf_hooks';
import { SchemaRegistry } from '../checks/schemas.js';
import { HttpClient } from '../http/client.js';
import { redactText } from '../http/redact.js';
import { startLoopMonitor } from '../metrics/loop-monitor.js';
import { createRecorder } from '../metrics/registry.js';
import { buildReport } from '../report/build.js';
import type { Certification, CertificationRequirement, Report } from '../report/model.js';
import { TargetFingerprint } from '../runner/fingerprint.js';
import { harnessVersion } from '../version.js';
import type { CertifyShared } from './context.js';
import { ProbeContext } from './context.js';
import { coverageTable, coveredAreas, notCoveredReason } from './coverage.js';
import { certificateDigest } from './digest.js';
import type { Probe } from './probe.js';
import { Verdicts } from './probe.js';
import { probeByName } from './probes/index.js';
import type { CertificationPlan, CertifyTarget, CertifyTimings, CheckVerdict, ProbeVerdicts, RequirementDef } from './types.js';
import { runFlowSteps, stepsVerdict } from './flow-steps.js';
import type { FlowStepsResult } from './flow-steps.js';
import type { Suite } from '../suite/types.js';
import { DEFAULT_TIMINGS } from './types.js';

/** Hard cap on requests per certification (the probes stay far below it: see README). */
export const MAX_REQUESTS = 500;

export interface CertifyOptions {
  target: CertifyTarget;
  plan: CertificationPlan;
  /** True when the target is the embedded reference server (recorded in the report). */
  embedded?: boolean;
  /** Overrides of DEFAULT_TIMINGS. */
  timings?: Partial<CertifyTimings>;
  /** Ends probes early; the report is still built. Default: never. */
  signal?: AbortSignal;
  /** Schemas to check answers with. Default: the packaged schemas/ (loaded here). */
  schemas?: SchemaRegistry;
  /** Request cap. Default MAX_REQUESTS. */
  maxRequests?: number;
}

function probesFor(plan: CertificationPlan, covered: ReadonlySet<string>): Probe[] {
  const names = new Set(plan.requirements.filter((r) => covered.has(r.area) && r.check !== undefined).map((r) => (r.check ?? '').split('.')[0] ?? ''));
  return [...names].map((n) => probeByName(n)).filter((p): p is Probe => p !== undefined);
}

/** Steps of the flows suite that covered requirements name. */
function stepsFor(plan: CertificationPlan, covered: ReadonlySet<string>): Set<string> {
  return new Set(plan.requirements.filter((r) => covered.has(r.area)).flatMap((r) => r.steps ?? []));
}

const NO_STEPS: FlowStepsResult = { steps: new Map(), flows: new Map() };

/** A probe's verdicts and when it ran (its flow duration in the report). */
interface ProbeRun {
  verdicts: ProbeVerdicts;
  startedAtMs: number;
  durationUs: number;
}

async function runProbe(shared: CertifyShared, probe: Probe): Promise<ProbeRun> {
  const startedAtMs = Date.now();
  const t0 = performance.now();
  const out = new Verdicts(probe.checks);
  try {
    await probe.run(new ProbeContext(shared, probe.name), out);
  } catch (err) {
    // A probe bug must not hide the other results; it fails its own undecided checks.
    out.failRest(`probe error: ${redactText(err instanceof Error ? err.message : String(err), shared.secrets)}`);
  }
  out.failRest('the probe ended before deciding it');
  return { verdicts: out.map, startedAtMs, durationUs: Math.round((performance.now() - t0) * 1000) };
}

interface Outcomes {
  probes: Map<string, ProbeRun>;
  steps: FlowStepsResult;
}

/** Phase 1: every probe and the flows at once; phase 2: the probes that must run alone. */
async function runAll(shared: CertifyShared, probes: Probe[], suite: Suite | undefined, steps: Set<string>): Promise<Outcomes> {
  const flows = suite !== undefined && steps.size > 0 ? runFlowSteps(shared, suite, steps) : Promise.resolve(NO_STEPS);
  const [probeRuns, stepRuns] = await Promise.all([runProbes(shared, probes), flows]);
  return { probes: probeRuns, steps: stepRuns };
}

async function runProbes(shared: CertifyShared, probes: Probe[]): Promise<Map<string, ProbeRun>> {
  const results = new Map<string, ProbeRun>();
  const first = probes.filter((p) => p.phase === 1);
  const outcomes = await Promise.all(first.map((p) => runProbe(shared, p)));
  first.forEach((p, i) => {
    const run = outcomes[i];
    if (run !== undefined) results.set(p.name, run);
  });
  // Phase 2 waits for the probes only: on a conforming target the flows start no run of --agent-id.
  for (const p of probes.filter((q) => q.phase === 2)) results.set(p.name, await runProbe(shared, p));
  return results;
}

function verdictOf(r: RequirementDef, out: Outcomes, plan: CertificationPlan, secrets: readonly string[]): CheckVerdict {
  if (r.steps !== undefined && plan.flows !== undefined) return stepsVerdict(r.steps, out.steps, plan.flows, secrets);
  const [probe = '', check = ''] = (r.check ?? '').split('.');
  return out.probes.get(probe)?.verdicts.get(check) ?? { status: 'fail', evidence: 'not evaluated' };
}

function requirementResults(plan: CertificationPlan, covered: ReadonlySet<string>, out: Outcomes, secrets: readonly string[]): CertificationRequirement[] {
  return plan.requirements.map((r) => {
    const base = { id: r.id, statement: r.statement, level: r.level, section: r.section };
    if (!covered.has(r.area)) return { ...base, status: 'not-covered' as const, evidence: notCoveredReason(r.area) };
    const v = verdictOf(r, out, plan, secrets);
    const status = v.status === 'fail' && r.level === 'SHOULD' ? 'warn' : v.status;
    return { ...base, status, evidence: v.evidence };
  });
}

function secretsOf(target: CertifyTarget): string[] {
  return [target.apiKey, target.otherApiKey, target.noUploadApiKey].filter((k): k is string => k !== undefined && k.length >= 4);
}

export async function certify(options: CertifyOptions): Promise<Report> {
  const startMs = Date.now();
  const monitor = startLoopMonitor();
  const covered = coveredAreas(options.target);
  const client = new HttpClient({ connections: 16 });
  const recorder = createRecorder({ startMs });
  const probes = probesFor(options.plan, covered);
  for (const p of probes) recorder.declareFlow(p.name, [{ name: 'requests', kind: 'request' }]);
  const shared: CertifyShared = {
    client, recorder, target: options.target,
    schemas: options.schemas ?? (await SchemaRegistry.load()),
    fingerprint: new TargetFingerprint(options.target.baseUrl),
    timings: { ...DEFAULT_TIMINGS, ...options.timings },
    signal: options.signal ?? new AbortController().signal,
    budget: { left: options.maxRequests ?? MAX_REQUESTS, used: 0 },
    secrets: secretsOf(options.target),
  };
  let results: Outcomes;
  try {
    results = await runAll(shared, probes, options.plan.flows, stepsFor(options.plan, covered));
  } finally {
    await client.destroy();
  }
  const requirements = requirementResults(options.plan, covered, results, shared.secrets);
  const mustFailed = requirements.some((r) => r.level === 'MUST' && r.status === 'fail');
  const certification: Certification = {
    verdict: mustFailed ? 'NOT CERTIFIED' : 'CERTIFIED',
    requirements,
    coverage: coverageTable(options.plan, covered),
    requests: shared.budget.used,
  };
  for (const p of probes) recordOutcome(shared, p.name, options.plan, requirements, results.probes.get(p.name));
  for (const [name, run] of results.steps.flows) recordOutcome(shared, name, options.plan, requirements, run.skipped === undefined ? run : undefined);
  const report = buildReport({
    kind: 'certificate',
    suite: { name: options.plan.name, file: options.plan.file, digest: options.plan.digest },
    target: { baseUrl: options.target.baseUrl, embedded: options.embedded ?? false, fingerprint: shared.fingerprint.result() },
    run: {
      id: `certify-${startMs.toString(36)}`, startedAt: new Date(startMs).toISOString(), startedAtMs: startMs, endedAtMs: Date.now(),
      status: options.signal?.aborted === true ? 'interrupted' : 'completed', load: {}, workers: 1,
    },
    snapshot: recorder.snapshot(),
    thresholds: [],
    generator: monitor.stop(),
    harnessVersion: harnessVersion(),
    certification,
  });
  certification.digest = certificateDigest(report);
  return report;
}

/**
 * One flow iteration per probe and per suite flow: failed when one of the MUST requirements it
 * decides failed (a SHOULD failure is a warning, not a failed flow).
 */
function recordOutcome(shared: CertifyShared, name: string, plan: CertificationPlan, reqs: CertificationRequirement[], run: { startedAtMs: number; durationUs: number } | undefined): void {
  if (run === undefined) return;
  const flowSteps = new Set(plan.flows?.flows.find((f) => f.name === name)?.steps.map((s) => s.name) ?? []);
  const decides = (r: RequirementDef): boolean => (r.check?.startsWith(`${name}.`) ?? false) || (r.steps ?? []).some((s) => flowSteps.has(s));
  const ids = new Set(plan.requirements.filter(decides).map((r) => r.id));
  const ok = !reqs.some((r) => ids.has(r.id) && r.level === 'MUST' && r.status === 'fail');
  shared.recorder.flow(name, { durationUs: run.durationUs, ok, startedAtMs: run.startedAtMs });
}
