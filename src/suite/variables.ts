/** Suite variables at run time, and the `requires` of flows. */
import { renderValue, TemplateError } from './template.js';
import type { Flow, Suite } from './types.js';

/** Variables defined even when the suite does not declare them, and where they come from. */
const IMPLICIT: ReadonlyArray<[string, readonly string[]]> = [
  ['apiKey', ['PHRONY_API_KEY']],
  ['agentId', ['AGENT_ID', 'PHRONY_AGENT_ID']],
];

/**
 * Renders the suite variables once, in order (a variable may use `env.X`, earlier variables and
 * functions). A variable whose template references an unset environment variable stays
 * undefined, so that flows requiring it are skipped rather than run with a hole. `--var`
 * overrides win; apiKey and agentId default from the environment when not declared.
 */
export function resolveVariables(
  suite: Suite,
  env: Readonly<Record<string, string | undefined>>,
  overrides: Record<string, string>,
): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const [name, sources] of IMPLICIT) {
    if (Object.hasOwn(suite.variables, name)) continue;
    const value = sources.map((s) => env[s]).find((v) => v !== undefined && v !== '');
    if (value !== undefined) vars[name] = value;
  }
  for (const [name, value] of Object.entries(suite.variables)) {
    if (Object.hasOwn(overrides, name)) {
      vars[name] = overrides[name];
      continue;
    }
    try {
      vars[name] = renderValue(value, { vars, captures: {}, env, vu: 0, iteration: 0, flow: '' });
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
    }
  }
  for (const [name, value] of Object.entries(overrides)) vars[name] = value;
  return vars;
}

/** The names in `flow.requires` that are undefined, null or empty (after trimming). */
export function missingRequirements(flow: Flow, vars: Readonly<Record<string, unknown>>): string[] {
  return flow.requires.filter((name) => {
    const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
    return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  });
}
