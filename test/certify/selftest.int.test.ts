/**
 * The mutation test: the unmodified reference server is CERTIFIED; under each deviation
 * switch certification flags the requirement that documents the broken behaviour — NOT
 * CERTIFIED with that MUST requirement failed, or (SHOULD) a warning on it and still CERTIFIED.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/certify/plan.js';
import { EXPECTED, runSelfTest } from '../../src/certify/selftest.js';
import type { SelfTestResult } from '../../src/certify/selftest.js';
import type { CertificationPlan } from '../../src/certify/types.js';
import { DEVIATION_NAMES } from '../../src/reference-server/deviations.js';

let plan: CertificationPlan;
let result: SelfTestResult;

beforeAll(async () => {
  const loaded = await loadPlan();
  if (!loaded.ok) throw new Error('the packaged plan does not load');
  plan = loaded.plan;
  // Certifications mostly wait (polls, the upload URL expiry), so 8 at once suit two cores.
  result = await runSelfTest(plan, { concurrency: 8 });
}, 60_000);

describe('certify self-test', () => {
  it('has at least 15 deviations, each mapped to a requirement of the plan', () => {
    expect(DEVIATION_NAMES.length).toBeGreaterThanOrEqual(15);
    const ids = new Set(plan.requirements.map((r) => r.id));
    for (const name of DEVIATION_NAMES) expect(ids.has(EXPECTED[name]), name).toBe(true);
  });

  it('certifies the unmodified reference server with nothing flagged', () => {
    const baseline = result.rows[0];
    expect(baseline?.deviation).toBe('none');
    expect(baseline?.verdict).toBe('CERTIFIED');
    expect(baseline?.flagged).toEqual([]);
  });

  it('catches every deviation on its requirement id', () => {
    const missed = result.rows.filter((r) => !r.caught).map((r) => `${r.deviation} (expected ${r.expected}, flagged ${r.flagged.join(' ')})`);
    expect(missed).toEqual([]);
    expect(result.caught).toBe(result.total);
    expect(result.total).toBe(DEVIATION_NAMES.length);
  });

  it('fails certification for MUST deviations and only warns for SHOULD deviations', () => {
    for (const row of result.rows.slice(1)) {
      expect(row.flagged, row.deviation).toContain(row.expected);
      if (row.level === 'MUST') expect(row.verdict, row.deviation).toBe('NOT CERTIFIED');
      else expect([row.level, row.verdict], row.deviation).toEqual(['SHOULD', 'CERTIFIED']);
    }
  });
});
