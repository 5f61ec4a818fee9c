/** Which areas of the plan a target covers, and the coverage table of the certificate. */
import type { CertificationCoverage } from '../report/model.js';
import { AREAS } from './areas.js';
import type { CertificationPlan, CertifyTarget } from './types.js';

export function coveredAreas(target: CertifyTarget): Set<string> {
  return new Set(AREAS.filter((a) => a.available(target)).map((a) => a.name));
}

export function coverageTable(plan: CertificationPlan, covered: ReadonlySet<string>): CertificationCoverage[] {
  return AREAS.map((a) => ({
    area: a.name,
    covered: covered.has(a.name),
    prerequisites: [...a.prerequisites],
    requirements: plan.requirements.filter((r) => r.area === a.name).length,
  })).filter((c) => c.requirements > 0);
}

/** Why a requirement of an uncovered area was not checked. */
export function notCoveredReason(area: string): string {
  const def = AREAS.find((a) => a.name === area);
  return `not covered: needs ${def?.prerequisites.join(' and ') ?? `area ${area}`}`;
}
