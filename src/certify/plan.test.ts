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

  it('checks requirements decided by steps of the flows suite', async () => {
    const r = await loadPlan();
    if (!r.ok || r.plan.flows === undefined) throw new Error('the packaged plan has no flows suite');
    const flows = r.plan.flows;
    const found = (steps: string, extra = ''): string[] => {
      const res = parsePlan(plan(REQ({ check: '' }).replace(/    check: \n/, `    steps: ${steps}\n${extra}`)), 'p.yaml', flows);
      return res.ok ? [] : res.problems.map(formatProblem);
    };
    expect(found('[unknown_run_poll]')).toEqual([]);
    expect(found('[timer_skip_wai]').join('\n')).toMatch(/p\.yaml:8:13: error: no step "timer_skip_wai" in .*conformance-flows\.yaml\n  hint: did you mean "timer_skip_wait"\?/);
    expect(found('[]').join('\n')).toMatch(/"steps" must be a non-empty list of step names/);
    expect(found('[other_key_start]').join('\n')).toMatch(/p\.yaml:8:13: error: step "other_key_start" needs otherApiKey \(env PHRONY_OTHER_API_KEY\), which area "scope" provides, not "core"/);
    expect(found('[timer_skip_wait]', '    check: auth.missingKey\n').join('\n')).toMatch(/exactly one of "check" \(a probe check\) or "steps"/);
    const noFlows = parsePlan(plan(REQ({ check: '' }).replace(/    check: \n/, '    steps: [a]\n')), 'p.yaml');
    expect(noFlows.ok ? [] : noFlows.problems.map((p) => p.message)).toEqual(['"steps" needs a flows suite: set "flows: <suite file>" at the top of the plan']);
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
