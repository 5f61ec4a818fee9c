/** Iteration over the untrusted suite data: flows and steps with their data paths. */
import { asArray, field, isRecord } from './context.js';
import type { DataPath } from './source.js';

export const STEP_KINDS = ['request', 'poll', 'upload', 'stream', 'message', 'blast'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface RawStep {
  data: Record<string, unknown>;
  path: DataPath;
  name: string | undefined;
  /** The kinds present (a valid step has exactly one). */
  kinds: StepKind[];
}

export interface RawFlow {
  data: Record<string, unknown>;
  path: DataPath;
  name: string | undefined;
  steps: RawStep[];
}

/** The flows and steps that are mappings; anything else was reported by the schema. */
export function rawFlows(data: unknown): RawFlow[] {
  const flows: RawFlow[] = [];
  asArray(field(data, 'flows')).forEach((flow, fi) => {
    if (!isRecord(flow)) return;
    const steps: RawStep[] = [];
    asArray(flow.steps).forEach((step, si) => {
      if (!isRecord(step)) return;
      const kinds = STEP_KINDS.filter((k) => Object.hasOwn(step, k));
      steps.push({ data: step, path: ['flows', fi, 'steps', si], name: stringOr(step.name), kinds });
    });
    flows.push({ data: flow, path: ['flows', fi], name: stringOr(flow.name), steps });
  });
  return flows;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Every string inside `value`, with its path (keys are not visited). */
export function* strings(value: unknown, path: DataPath): Generator<[string, DataPath]> {
  if (typeof value === 'string') {
    yield [value, path];
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* strings(value[i], [...path, i]);
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) yield* strings(item, [...path, key]);
  }
}

/** Variables always defined by the runner unless the suite declares them (see README). */
export const IMPLICIT_VARIABLES: readonly string[] = ['apiKey', 'agentId'];

/** Declared variable names plus the implicit ones. */
export function variableNames(data: unknown): Set<string> {
  const vars = field(data, 'variables');
  return new Set([...IMPLICIT_VARIABLES, ...(isRecord(vars) ? Object.keys(vars) : [])]);
}
