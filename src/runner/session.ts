/**
 * What one thread needs to run flows: an HTTP client with its own pools, a recorder, the flow
 * context and the target fingerprint. The main thread builds one for an in-process run; each
 * worker thread builds its own from the same plain-data input.
 */
import { SchemaRegistry } from '../checks/schemas.js';
import type { FlowContext } from '../flow/context.js';
import { HttpClient } from '../http/client.js';
import { createRecorder, type MetricsRecorder } from '../metrics/registry.js';
import { resolveVariables } from '../suite/variables.js';
import type { Suite } from '../suite/types.js';
import { TargetFingerprint } from './fingerprint.js';
import { collectSecrets, targetHeaderSecrets } from './secrets.js';

/** Plain data (structured-cloneable): crosses into worker threads as is. */
export interface SessionInput {
  suite: Suite;
  baseUrl: string;
  /** The environment the suite reads: process env, embedded-server env and CLI overrides merged. */
  env: Record<string, string | undefined>;
  /** `--var` overrides. */
  vars: Record<string, string>;
  /** Connections per origin for this thread's pools. */
  connections: number;
  /** Epoch ms of the run start: bucket 0 of every interval series. */
  startMs: number;
}

export interface Session {
  client: HttpClient;
  recorder: MetricsRecorder;
  ctx: FlowContext;
  fingerprint: TargetFingerprint;
  /** Aborting it stops this thread's load: in-flight requests are cancelled. */
  controller: AbortController;
}

let schemas: Promise<SchemaRegistry> | undefined;

/** The shipped schemas, compiled once per thread: they do not change between runs. */
export function shippedSchemas(): Promise<SchemaRegistry> {
  schemas ??= SchemaRegistry.load().catch((err: unknown) => {
    schemas = undefined;
    throw err;
  });
  return schemas;
}

export function createSession(input: SessionInput, registry: SchemaRegistry): Session {
  const { suite, env } = input;
  const vars = resolveVariables(suite, env, input.vars);
  const client = new HttpClient({ connections: input.connections });
  const recorder = createRecorder({ startMs: input.startMs });
  const fingerprint = new TargetFingerprint(input.baseUrl);
  const controller = new AbortController();
  const ctx: FlowContext = {
    client,
    recorder,
    schemas: registry,
    baseUrl: input.baseUrl,
    target: suite.target,
    vars,
    env,
    secrets: collectSecrets(vars, env),
    signal: controller.signal,
    onResponse: (exchange) => fingerprint.observe(exchange, ctx.secrets),
  };
  ctx.secrets = [...new Set([...ctx.secrets, ...targetHeaderSecrets(ctx)])];
  for (const flow of suite.flows) recorder.declareFlow(flow.name, flow.steps.map((s) => ({ name: s.name, kind: s.kind })));
  return { client, recorder, ctx, fingerprint, controller };
}
