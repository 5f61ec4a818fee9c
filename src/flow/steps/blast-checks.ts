/**
 * A blast step's checks, decided from its counts once it ended: autocannon sees tens of
 * thousands of responses a second and hands over only their status code, so there is no body
 * to check a schema or assertion against. `expect.status` (default: any 2xx) holds when no
 * response had another status; `transport` holds when no request failed.
 */
import type { ErrorCategory } from '../../http/types.js';
import type { CheckOutcome } from '../../metrics/recorder.js';
import type { Expect } from '../../suite/types.js';
import type { BlastTally } from './blast-run.js';

const ANY_2XX = '2xx';

function accepted(expect: Expect | undefined): (status: number) => boolean {
  const list = expect?.status;
  if (list === undefined) return (s) => s >= 200 && s <= 299;
  const set = new Set(list);
  return (s) => set.has(s);
}

/** `status`: every response had an accepted status; `actual` lists the others by code. */
export function statusCheck(expect: Expect | undefined, tally: BlastTally): CheckOutcome {
  const ok = accepted(expect);
  const unexpected: Record<string, number> = {};
  let bad = 0;
  for (const [status, count] of tally.statusCodes) {
    if (ok(status)) continue;
    unexpected[String(status)] = count;
    bad += count;
  }
  if (bad === 0) return { name: 'status', passed: true, category: 'status' };
  const expected = expect?.status ?? ANY_2XX;
  const codes = Object.entries(unexpected).map(([s, n]) => `${s}: ${n}`).join(', ');
  return {
    name: 'status',
    passed: false,
    category: 'status',
    expected,
    actual: unexpected,
    message: `${bad} of ${tally.responses} responses had an unexpected status (${codes}), expected ${Array.isArray(expected) ? expected.join(' or ') : expected}`,
  };
}

/** The category with the most failed requests (ties: the first seen). */
function mostFrequent(errors: Map<ErrorCategory, number>): ErrorCategory | undefined {
  let best: ErrorCategory | undefined;
  let bestCount = 0;
  for (const [category, count] of errors) {
    if (count > bestCount) {
      best = category;
      bestCount = count;
    }
  }
  return best;
}

/** `transport`: no request failed; otherwise counts by category and the first message of the commonest. */
export function transportCheck(tally: BlastTally): CheckOutcome {
  const category = mostFrequent(tally.errors);
  if (category === undefined) return { name: 'transport', passed: true, category: 'other' };
  const failed = [...tally.errors.values()].reduce((a, b) => a + b, 0);
  const counts = [...tally.errors].map(([c, n]) => `${c}: ${n}`).join(', ');
  return {
    name: 'transport',
    passed: false,
    category,
    actual: Object.fromEntries(tally.errors),
    message: `${failed} requests failed (${counts}); first ${category}: ${tally.errorMessages.get(category) ?? category}`,
  };
}
