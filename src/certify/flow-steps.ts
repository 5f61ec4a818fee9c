/**
 * Requirements decided by steps of the plan's flows suite (suites/conformance-flows.yaml): the
 * flows that hold those steps run once through the flow engine, on the certification's client,
 * schemas and budget count; every check outcome is kept per step to decide the requirements.
 * Checks are not forwarded to the report's recorder: a requirement's level, not a check count,
 * decides what fails the certificate (a SHOULD step only warns).
 */
import type { Exchange } from '../http/types.js';
import { runFlowIteration } from '../flow/engine.js';
import type { FlowContext } from '../flow/context.js';
import type { CheckOutcome, ExchangeSample, Recorder, StepRef } from '../metrics/recorder.js';
import { missingRequirements, resolveVariables } from '../suite/variables.js';
import type { Flow, Suite } from '../suite/types.js';
import type { CertifyShared } from './context.js';
import { describeExchange, joinEvidence, shortUrl } from './evidence.js';
import type { CertifyTarget, CheckVerdict } from './types.js';

export interface StepOutcome {
  checks: CheckOutcome[];
  /** The answers the step received, last one last. */
  exchanges: Exchange[];
}

export interface FlowRun {
  startedAtMs: number;
  durationUs: number;
  /** Why the flow did not run (variables missing), when it did not. */
  skipped?: string;
}

/** The environment the flows suite reads (`${{ env.X }}`), from certify's target. */
export function flowsEnv(t: CertifyTarget): Record<string, string | undefined> {
  return {
    PHRONY_API_BASE: t.baseUrl, PHRONY_API_KEY: t.apiKey, AGENT_ID: t.agentId,
    PHRONY_OTHER_API_KEY: t.otherApiKey, PHRONY_NO_UPLOAD_API_KEY: t.noUploadApiKey,
    PHRONY_HITL_AGENT_ID: t.hitlAgentId, PHRONY_CHAT_AGENT_ID: t.chatAgentId, PHRONY_TIMER_AGENT_ID: t.timerAgentId,
    PHRONY_FILE_AGENT_ID: t.fileAgentId, PHRONY_LIMITED_AGENT_ID: t.limitedAgentId,
  };
}

/** Keeps check outcomes per step; forwards exchanges and measures to the report's recorder. */
class StepCapture implements Recorder {
  readonly steps = new Map<string, StepOutcome>();
  /** The step of the exchange recorded last: its Exchange follows at once through onResponse. */
  private last: string | undefined;

  constructor(private readonly shared: CertifyShared) {}

  outcome(step: string): StepOutcome {
    let o = this.steps.get(step);
    if (o === undefined) {
      o = { checks: [], exchanges: [] };
      this.steps.set(step, o);
    }
    return o;
  }

  exchange(ref: StepRef, sample: ExchangeSample): void {
    this.shared.recorder.exchange(ref, sample);
    this.shared.budget.used += 1;
    this.shared.budget.left -= 1;
    this.last = ref.step;
    this.outcome(ref.step);
  }

  response(ex: Exchange): void {
    this.shared.fingerprint.observe(ex);
    if (this.last !== undefined) this.outcome(this.last).exchanges.push(ex);
  }

  measure(ref: StepRef, measure: string, value: number, atMs: number): void {
    this.shared.recorder.measure(ref, measure, value, atMs);
  }

  check(ref: StepRef, outcome: CheckOutcome): void {
    this.outcome(ref.step).checks.push(outcome);
  }

  flow(): void {}

  skip(): void {}

  dropped(): void {}
}

/** Runs every flow of `suite` that holds one of `stepNames`, all at once; one iteration each. */
export async function runFlowSteps(shared: CertifyShared, suite: Suite, stepNames: ReadonlySet<string>): Promise<FlowStepsResult> {
  const capture = new StepCapture(shared);
  const env = flowsEnv(shared.target);
  const vars = resolveVariables(suite, env, {});
  const ctx: FlowContext = {
    client: shared.client, recorder: capture, schemas: shared.schemas, baseUrl: shared.target.baseUrl, target: suite.target,
    vars, env, secrets: shared.secrets, signal: shared.signal, onResponse: (ex) => capture.response(ex),
  };
  const flows = new Map<string, FlowRun>();
  const wanted = suite.flows.filter((f) => f.steps.some((s) => stepNames.has(s.name)));
  for (const f of wanted) shared.recorder.declareFlow(f.name, f.steps.map((s) => ({ name: s.name, kind: s.kind })));
  await Promise.all(wanted.map(async (f) => flows.set(f.name, await runOnce(ctx, f, vars))));
  return { steps: capture.steps, flows };
}

async function runOnce(ctx: FlowContext, flow: Flow, vars: Record<string, unknown>): Promise<FlowRun> {
  const startedAtMs = Date.now();
  const missing = missingRequirements(flow, vars);
  if (missing.length > 0) return { startedAtMs, durationUs: 0, skipped: `flow ${flow.name} needs ${missing.join(', ')}` };
  await runFlowIteration(ctx, flow, 0, 0);
  return { startedAtMs, durationUs: (Date.now() - startedAtMs) * 1000 };
}

function failureText(step: string, c: CheckOutcome): string {
  const request = c.request !== undefined ? ` (${c.request.method} ${shortUrl(c.request.url)})` : '';
  const sample = c.sampleBody !== undefined && c.sampleBody !== '' ? ` → ${c.sampleBody.replace(/\s+/g, ' ').slice(0, 240)}` : '';
  return `step ${step}: ${c.name} failed: ${c.message ?? ''}${request}${sample}`;
}

export interface FlowStepsResult {
  steps: Map<string, StepOutcome>;
  flows: Map<string, FlowRun>;
}

/** A requirement decided by steps: every check of every step ran and passed. */
export function stepsVerdict(steps: readonly string[], result: FlowStepsResult, suite: Suite, secrets: readonly string[]): CheckVerdict {
  const parts: Array<string | undefined> = [];
  for (const step of steps) {
    const o = result.steps.get(step);
    if (o === undefined || o.checks.length === 0) {
      const flow = suite.flows.find((f) => f.steps.some((s) => s.name === step));
      const skipped = flow === undefined ? undefined : result.flows.get(flow.name)?.skipped;
      return { status: 'fail', evidence: joinEvidence([`step ${step} did not run`, skipped ?? 'an earlier step of its flow stopped it'], secrets) };
    }
    const failed = o.checks.find((c) => !c.passed);
    if (failed !== undefined) return { status: 'fail', evidence: joinEvidence([failureText(step, failed)], secrets) };
    const last = o.exchanges[o.exchanges.length - 1];
    parts.push(`step ${step}: ${o.checks.map((c) => c.name).join(', ')} passed`, last ? describeExchange(last, secrets) : undefined);
  }
  return { status: 'pass', evidence: joinEvidence(parts, secrets) };
}
