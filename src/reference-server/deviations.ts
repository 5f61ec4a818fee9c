/**
 * Deviation switches: each one breaks exactly one documented behaviour of the API, so that a
 * conformance checker can prove it notices. They are off unless named in the config
 * (`deviations: [name, …]`); the default server never deviates. The reference server stays
 * standalone: nothing here knows who checks it.
 */

/** Every switch with the behaviour it breaks (phrony-api.md section in brackets). */
export const DEVIATIONS = {
  'start-200': 'POST /v1/agents/{agentId}/runs answers 200 instead of 202 (§4 E1)',
  'start-missing-field': 'the start answer lacks the required totalTokensUsed field (§4 E1)',
  'poll-missing-output': 'GET /v1/runs/{runId} omits the required output field (§5 E3)',
  'terminal-flaps': 'a terminal run reads as Running again on every second poll (§5.1)',
  'invalid-key-403': 'an unknown API key gets 403 where 401 is due (§2.3)',
  'scope-ignored': 'a key may start runs and list sessions of agents outside its scope (§2.2)',
  'uploads-flag-ignored': 'keys without "Allow file uploads" may presign and finalize (§2.3)',
  'run-read-any-key': 'any valid key may read any run, whatever its scope (§2.2)',
  'sessions-off-by-one': 'GET …/sessions starts every page after the first one item late (§4 E2)',
  'conversation-unordered': 'conversation items come newest first instead of by ordinal (§4 E4)',
  'root-depth-1': 'the root run reports depth 1 in the conversation (§4 E4)',
  'slim-ignored': 'stepContent=slim returns the full contents (§4 E4)',
  'stream-never-closes': 'the SSE stream stays open after the session completed (§5 E5, §10.7)',
  'stream-not-json': 'the SSE stream sends an event whose data is not JSON (§5 E5)',
  'hitl-resume-200': 'an approval resume answers 200 instead of 202 (§5 E6)',
  'skip-wait-always-202': 'skip-agent-wait answers 202 for runs that do not wait for a timer (§5 E7)',
  'upload-headers-ignored': 'the upload PUT succeeds without the required headers (§7.2)',
  'upload-signature-ignored': 'a tampered upload URL is accepted (§7.2)',
  'upload-expiry-ignored': 'an expired upload URL is accepted (§7, §8)',
  'upload-size-ignored': 'more bytes than maxContentLength are accepted and finalized (§7 E9)',
  'finalize-size-number': 'finalize answers sizeBytes as a number instead of a decimal string (§7 E9)',
  'finalize-not-idempotent': 'a repeated finalize answers alreadyFinalized false (§7 E9)',
  'file-ref-unchecked': 'run input may reference files that were never finalized (§7.4)',
  'rate-limit-ignored': 'the API trigger limits are never enforced: no 429 (§8)',
  'no-retry-after': 'a 429 carries no Retry-After header (§10.5)',
  'error-body-text': 'error answers are plain text instead of JSON {statusCode, message, error} (§10.1)',
  'unknown-run-400': 'an unknown run id answers 400 instead of 404 (§10.4)',
} as const;

export type DeviationName = keyof typeof DEVIATIONS;

export const DEVIATION_NAMES = Object.keys(DEVIATIONS) as DeviationName[];

/** Problems of a `deviations` config value (empty when valid). */
export function deviationProblems(value: unknown): string[] {
  if (!Array.isArray(value)) return ['must be a list of deviation names'];
  const problems: string[] = [];
  value.forEach((v, i) => {
    if (typeof v !== 'string' || !(v in DEVIATIONS)) problems.push(`[${i}]: unknown deviation "${String(v)}" (known: ${DEVIATION_NAMES.join(', ')})`);
  });
  return problems;
}

/** True when the server was configured with this deviation. */
export function deviates(config: { deviations: readonly string[] }, name: DeviationName): boolean {
  return config.deviations.length > 0 && config.deviations.includes(name);
}

const pollsAfterEnd = new WeakMap<object, number>();

/** `terminal-flaps`: true on every second poll of a terminal run. */
export function flapNow(run: object): boolean {
  const n = (pollsAfterEnd.get(run) ?? 0) + 1;
  pollsAfterEnd.set(run, n);
  return n % 2 === 0;
}
