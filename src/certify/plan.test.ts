import { describe, expect, it } from 'vitest';
import { formatProblem } from '../suite/problem.js';
import { AREA_NAMES } from './areas.js';
import { loadPlan, parsePlan } from './plan.js';
import { allChecks, probeByName } from './probes/index.js';

const REQ = (over: Record<string, string>): string => {
  const r = { id: 'AUTH-001', level: 'MUST', section: '"§2.3"', area: 'core', check: 'auth.missingKey', statement: 'a statement', ...over };
  return `  - ${Object.entries(r).map(([k, v]) => `${k}: ${v}`).join('\n    ')}\n`;
};
const plan = (...reqs: string[]): string => `kind: certification\nname: t\nrequirements:\n${reqs.join('')}`;

function problems(text: string): string[] {
  const r = parsePlan(text, 'p.yaml');
  return r.ok ? [] : r.problems.map(formatProblem);
}

describe('certification plan', () => {
  it('the packaged plan loads, with unique ids, known areas and every probe check used', async () => {
    const r = await loadPlan();
    if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
    const ids = r.plan.requirements.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const q of r.plan.requirements) expect(AREA_NAMES).toContain(q.area);
    const used = new Set(r.plan.requirements.map((q) => q.check));
    expect(allChecks().filter((c) => !used.has(c))).toEqual([]);
    expect(r.plan.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(r.plan.requirements.filter((q) => q.level === 'SHOULD').every((q) => q.section.includes('§10'))).toBe(true);
  });

  it('accepts a minimal plan', () => {
    const r = parsePlan(plan(REQ({})), 'p.yaml');
    expect(r.ok && r.plan.requirements[0]?.check).toBe('auth.missingKey');
  });

  it('locates every problem at once, with suggestions', () => {
    const text = plan(
      REQ({ check: 'auth.missingKy' }),
      REQ({ id: 'AUTH-001', level: 'MAY' }),
      REQ({ id: 'auth1', area: 'hitl' }),
      REQ({ id: 'AUTH-002', statment: 'typo' }),
    );
    const found = problems(text);
    expect(found).toContain('p.yaml:8:12: error: unknown probe check "auth.missingKy"\n  hint: did you mean "auth.missingKey"?');
    expect(found.some((p) => /p\.yaml:10:9: error: id "AUTH-001" is used twice/.test(p))).toBe(true);
    expect(found.some((p) => /p\.yaml:11:12: error: level must be MUST or SHOULD/.test(p))).toBe(true);
    expect(found.some((p) => /error: id "auth1" must look like AUTH-001/.test(p))).toBe(true);
    expect(found.some((p) => /error: probe "auth" belongs to area "core"/.test(p))).toBe(true);
    expect(found.some((p) => /error: unknown key "statment"/.test(p))).toBe(true);
  });

  it('rejects a wrong kind, an empty list and YAML syntax errors', () => {
    expect(problems('kind: suite\nname: t\nrequirements: []\n').join('\n')).toMatch(/kind must be "certification"[\s\S]*"requirements" must be a non-empty list/);
    expect(problems('kind: certification\nname: [\n')[0]).toMatch(/^p\.yaml:\d+:\d+: error: /);
  });

  it('every probe belongs to a known area', () => {
    for (const check of allChecks()) {
      const probe = probeByName(check.split('.')[0] ?? '');
      expect(AREA_NAMES).toContain(probe?.area);
    }
  });
});
