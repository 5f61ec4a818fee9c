/**
 * The certification model: what a deployment offers (target), how patient certify is
 * (timings), what the plan (suites/conformance.yaml) lists, and what a probe reports.
 */
import type { Suite } from '../suite/types.js';

/** The deployment under test and the optional prerequisites that open more areas. */
export interface CertifyTarget {
  baseUrl: string;
  /** Key scoped to `agentId`, with "Allow file uploads" on. Never printed. */
  apiKey: string;
  /** An agent that completes a run with empty input. */
  agentId: string;
  /** A valid key scoped to another agent (area `scope`). */
  otherApiKey?: string;
  /** A key scoped to `agentId` with uploads off (area `no-upload-key`). */
  noUploadApiKey?: string;
  /** An agent that pauses for an approval (area `hitl`). */
  hitlAgentId?: string;
  /** An agent that waits for a chat reply (area `chat`). */
  chatAgentId?: string;
  /** An agent that waits in a phrony_wait timer (area `timer`). */
  timerAgentId?: string;
  /** An agent whose input requires `document`, a file reference (area `file-input`). */
  fileAgentId?: string;
  /** An agent whose API trigger has a rate or concurrency limit (area `rate-limit`, opt-in). */
  limitedAgentId?: string;
  /** The limit configured on that trigger: at most rateLimit + 1 starts are sent. */
  rateLimit?: number;
  /** Longest wait for a presigned URL to expire, ms (area `expiry`, opt-in); at most 10 000. */
  expiryWaitMs?: number;
}

/** How long certify waits; defaults suit a real deployment (docs poll every 1–1.5 s). */
export interface CertifyTimings {
  /** Per-request timeout, ms. Default 10 000. */
  requestTimeoutMs: number;
  /** Longest a run may take to reach a terminal or Waiting* status, ms. Default 30 000. */
  runTimeoutMs: number;
  /** Pause between polls, ms. Default 1000. */
  pollIntervalMs: number;
  /** Extra polls of a terminal run that must all read the same status. Default 3. */
  stablePolls: number;
  /** How long a stream may stay open after `engine.session.completed`, ms. Default 5000. */
  streamGraceMs: number;
}

export const DEFAULT_TIMINGS: CertifyTimings = {
  requestTimeoutMs: 10_000,
  runTimeoutMs: 30_000,
  pollIntervalMs: 1000,
  stablePolls: 3,
  streamGraceMs: 5000,
};

export type Level = 'MUST' | 'SHOULD';

/** One requirement of the plan (suites/conformance.yaml). */
export interface RequirementDef {
  id: string;
  level: Level;
  /** Section of phrony-api.md, e.g. `§2.3`. */
  section: string;
  statement: string;
  area: string;
  /** `<probe>.<check>`: the built-in probe and the check in it that decides … */
  check?: string;
  /** … or steps of the plan's flows suite: it passes when every check of these steps passed. */
  steps?: string[];
}

export interface CertificationPlan {
  name: string;
  file: string;
  /** SHA-256 of the plan file's bytes (and of the flows suite's, when there is one). */
  digest: string;
  requirements: RequirementDef[];
  /** The suite whose steps requirements may name (`flows:` in the plan). */
  flows?: Suite;
}

/** What a probe says about one of its checks. */
export interface CheckVerdict {
  status: 'pass' | 'fail' | 'not-covered';
  /** The request(s) made and a redacted excerpt of the answer, or why it was not covered. */
  evidence: string;
}

export type ProbeVerdicts = Map<string, CheckVerdict>;
