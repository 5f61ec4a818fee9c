/** The console form of a certificate: requirements, coverage, fingerprint, verdict, digest. */
import type { CertificationRequirement, Report } from '../report/model.js';

const MARK: Record<CertificationRequirement['status'], string> = {
  pass: 'pass', fail: 'FAIL', warn: 'warn', 'not-covered': 'n/c ',
};

/** At most `max` characters on one line. */
function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

function requirementLines(reqs: readonly CertificationRequirement[]): string[] {
  const idWidth = Math.max(...reqs.map((r) => r.id.length), 2);
  const lines: string[] = [];
  for (const r of reqs) {
    lines.push(`  ${MARK[r.status]}  ${r.id.padEnd(idWidth)}  ${r.level.padEnd(6)}  ${clip(r.statement, 90)}`);
    if ((r.status === 'fail' || r.status === 'warn') && r.evidence !== undefined) lines.push(`        ${' '.repeat(idWidth)}  ${clip(r.evidence, 160)}`);
  }
  return lines;
}

export function renderCertificate(report: Report): string {
  const c = report.certification;
  if (c === undefined) return 'no certification in this report';
  const count = (s: CertificationRequirement['status']): number => c.requirements.filter((r) => r.status === s).length;
  const fp = report.target.fingerprint;
  const versions = Object.entries(fp.versionHeaders).map(([k, v]) => `${k}: ${v}`).join(', ');
  const coverage = (c.coverage ?? []).map((a) => {
    const needs = a.covered ? '' : `, needs ${a.prerequisites.join(' ')}`;
    return `  ${a.covered ? 'covered    ' : 'not covered'}  ${a.area.padEnd(14)} ${a.requirements} requirement(s)${needs}`;
  });
  return [
    `Certification of ${fp.host}${report.target.embedded ? ' (embedded reference server)' : ''} against ${report.suite.name}`,
    ...requirementLines(c.requirements),
    '',
    'Coverage:',
    ...coverage,
    '',
    `target: ${fp.host}${fp.server !== undefined ? ` · server ${fp.server}` : ''}${versions !== '' ? ` · ${versions}` : ''}`,
    `harness ${report.harness.version} · plan digest ${report.suite.digest.slice(0, 12)} · ${report.run.startedAt} · ${c.requests ?? 0} requests`,
    `${count('pass')} passed · ${count('fail')} failed · ${count('warn')} warnings · ${count('not-covered')} not covered`,
    `verdict: ${c.verdict}`,
    `digest: sha256 ${c.digest ?? '(none)'}`,
  ].join('\n');
}
