/**
 * Values that must never reach a report: the API key, any variable whose name says it is a
 * secret, and the values of sensitive target headers. They are handed to the checks, which
 * redact response samples with them.
 */
import { targetHeaders } from '../flow/build-request.js';
import type { FlowContext } from '../flow/context.js';
import { headerSecrets } from '../http/redact.js';
import { TemplateError } from '../suite/template.js';

const SECRET_NAME = /key|token|secret|password|credential/i;

export function collectSecrets(
  vars: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const out = new Set<string>();
  const add = (v: unknown): void => {
    if (typeof v === 'string' && v.length >= 4) out.add(v);
  };
  add(env['PHRONY_API_KEY']);
  for (const [name, value] of Object.entries(vars)) if (SECRET_NAME.test(name)) add(value);
  return [...out];
}

/** Secret values of the target headers (X-API-Key, Authorization, configured names). */
export function targetHeaderSecrets(ctx: FlowContext): string[] {
  try {
    const scope = { vars: ctx.vars, captures: {}, env: ctx.env, vu: 0, iteration: 0, flow: '' };
    return headerSecrets(targetHeaders(ctx, scope), ctx.target.redactHeaders);
  } catch (err) {
    // A header that cannot render now fails every request that uses it; there is nothing to hide.
    if (err instanceof TemplateError) return [];
    throw err;
  }
}
