/**
 * Flows whose `requires` variables are missing are skipped, never scheduled, and the report
 * says why, naming the environment variable behind the suite variable when there is one
 * (`missing variable PHRONY_HITL_AGENT_ID (hitlAgentId)`), since that is what a user sets.
 */
import type { Flow, Suite, TemplateValue } from '../suite/types.js';
import { missingRequirements } from '../suite/variables.js';

export interface SkippedFlow {
  flow: Flow;
  reason: string;
}

/** The `env.NAME` a suite variable is read from, when its template names one. */
function envNameOf(value: TemplateValue | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/.exec(value)?.[1];
}

/** Describes the missing variables of a flow, or undefined when it can run. */
export function skipReason(suite: Suite, flow: Flow, vars: Record<string, unknown>): string | undefined {
  const missing = missingRequirements(flow, vars);
  if (missing.length === 0) return undefined;
  const described = missing.map((name) => {
    const env = envNameOf(suite.variables[name]);
    return env !== undefined ? `${env} (${name})` : name;
  });
  return `missing variable${described.length > 1 ? 's' : ''} ${described.join(', ')}`;
}

export function partitionFlows(suite: Suite, vars: Record<string, unknown>): { runnable: Flow[]; skipped: SkippedFlow[] } {
  const runnable: Flow[] = [];
  const skipped: SkippedFlow[] = [];
  for (const flow of suite.flows) {
    const reason = skipReason(suite, flow, vars);
    if (reason === undefined) runnable.push(flow);
    else skipped.push({ flow, reason });
  }
  return { runnable, skipped };
}
