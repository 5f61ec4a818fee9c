/**
 * Values that must never reach a report: the API key, and any variable whose name says it is
 * a secret. They are handed to the checks, which redact response samples with them.
 */
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
