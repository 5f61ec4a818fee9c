/**
 * What the flow engine needs to run iterations: one per run, shared by every virtual user.
 * Nothing here is per-iteration state; that lives in `IterationState`.
 */
import type { HttpClient } from '../http/client.js';
import type { Exchange } from '../http/types.js';
import type { SchemaRegistry } from '../checks/schemas.js';
import type { Recorder } from '../metrics/recorder.js';
import type { TargetDefaults } from '../suite/types.js';

export interface FlowContext {
  client: HttpClient;
  recorder: Recorder;
  schemas: SchemaRegistry;
  /** Base URL every step path is joined to. */
  baseUrl: string;
  target: TargetDefaults;
  /** Resolved suite variables (`--var` overrides applied). */
  vars: Record<string, unknown>;
  env: Readonly<Record<string, string | undefined>>;
  /** Secret values (API keys) that must never reach a report; redacted from samples. */
  secrets: string[];
  /** Aborted when the run stops (interrupt, abortOnFail): cancels in-flight requests and sleeps. */
  signal: AbortSignal;
  /** Called with every response that arrived (the runner fingerprints the target from them). */
  onResponse?: (exchange: Exchange) => void;
}

/** The state of one flow iteration of one virtual user. */
export interface IterationState {
  flow: string;
  vu: number;
  iteration: number;
  /** Values captured by earlier steps of this iteration (upload steps add objects under `as`). */
  captures: Record<string, unknown>;
  /** False once any check of the iteration failed. */
  ok: boolean;
}

/** What a step tells the engine: go on with the next step, or stop the iteration here. */
export type StepResult = 'continue' | 'stop';
