/**
 * Conformance certification (reports written by `certify`): the verdict, every requirement with
 * its level, section, status and evidence, the coverage per area (what was left unchecked and
 * which flag would cover it), the requests sent, and the digest with how to verify it.
 */
import type { Certification, CertificationCoverage, CertificationRequirement, Report } from '../model.js';
import { escapeHtml } from './escape.js';
import { fmtCount } from './format.js';
import { table, type Column } from './table.js';

export const VERIFY_HINT = 'phrony-harness certify --verify report.json';

const STATUS_BADGE: Record<CertificationRequirement['status'], string> = {
  pass: '<span class="badge pass">pass</span>',
  fail: '<span class="badge fail">fail</span>',
  warn: '<span class="badge warn">warn</span>',
  'not-covered': '<span class="badge muted">not covered</span>',
};

function counts(reqs: readonly CertificationRequirement[]): string {
  const by = new Map<string, number>();
  for (const r of reqs) by.set(r.status, (by.get(r.status) ?? 0) + 1);
  return [...by.entries()].map(([s, n]) => `${n} ${s}`).join(' · ');
}

function requirementsTable(c: Certification): string {
  const columns: Column<CertificationRequirement>[] = [
    { header: 'Status', cell: (r) => STATUS_BADGE[r.status] ?? escapeHtml(r.status) },
    { header: 'Id', cell: (r) => `<code>${escapeHtml(r.id)}</code>` },
    { header: 'Level', cell: (r) => (r.level === 'MUST' ? '<strong>MUST</strong>' : escapeHtml(r.level)) },
    { header: 'Section', cell: (r) => escapeHtml(r.section) },
    { header: 'Statement', wrap: true, cell: (r) => escapeHtml(r.statement) },
    { header: 'Evidence', wrap: true, cell: (r) => (r.evidence ? escapeHtml(r.evidence) : '<span class="muted">–</span>') },
  ];
  return table({
    id: 'certification-table', label: 'Certification requirements', columns, rows: c.requirements,
    empty: 'No requirements were evaluated.', rowClass: (r) => (r.status === 'fail' && r.level === 'MUST' ? 'bad' : undefined),
  });
}

/** What an uncovered area is missing: the flags that provide its prerequisites. */
function missingCell(a: CertificationCoverage): string {
  if (a.covered) return '<span class="muted">–</span>';
  return a.prerequisites.map((p) => `<code>${escapeHtml(p)}</code>`).join(' and ');
}

/** Certificates written before coverage was recorded have none: the section is left out. */
function coverageTable(c: Certification): string {
  if (c.coverage === undefined) return '';
  const columns: Column<CertificationCoverage>[] = [
    { header: 'Area', cell: (a) => `<strong>${escapeHtml(a.area)}</strong>` },
    { header: 'Coverage', cell: (a) => (a.covered ? '<span class="badge pass">covered</span>' : '<span class="badge muted">not covered</span>') },
    { header: 'Requirements', numeric: true, cell: (a) => fmtCount(a.requirements) },
    { header: 'Missing prerequisite', wrap: true, cell: missingCell },
  ];
  const uncovered = c.coverage.filter((a) => !a.covered).length;
  const lead = uncovered === 0 ? 'Every area of the plan was covered.' : `${uncovered} area${uncovered === 1 ? '' : 's'} not covered: give the missing prerequisite to check ${uncovered === 1 ? 'it' : 'them'}.`;
  return `<h3>Coverage</h3><p class="muted">${lead}</p>` +
    table({ id: 'coverage-table', label: 'Certification coverage', columns, rows: c.coverage, empty: 'No coverage areas.' });
}

/** Request count and digest: what makes the certificate checkable after the fact. */
function evidenceFacts(c: Certification): string {
  const facts: string[] = [];
  if (c.requests !== undefined) facts.push(`<div><dt>Requests</dt><dd id="certification-requests">${fmtCount(c.requests)} sent to the target</dd></div>`);
  if (c.digest !== undefined) {
    facts.push(
      `<div><dt>Digest (SHA-256)</dt><dd><code id="certification-digest">${escapeHtml(c.digest)}</code>` +
        `<br><span class="muted">Verify that this report is unchanged: <code id="certification-verify">${VERIFY_HINT}</code></span></dd></div>`,
    );
  }
  return facts.length === 0 ? '' : `<dl class="meta cert-facts" id="certification-facts">${facts.join('')}</dl>`;
}

export function certificationSection(report: Report): string {
  const c = report.certification;
  if (!c) return '';
  const certified = c.verdict === 'CERTIFIED';
  return (
    `<section class="card" id="certification"><h2>Certification ` +
    `<span class="badge ${certified ? 'pass' : 'fail'}">${escapeHtml(c.verdict)}</span></h2>` +
    `<p class="muted">${escapeHtml(counts(c.requirements))}</p>${evidenceFacts(c)}${coverageTable(c)}<h3>Requirements</h3>${requirementsTable(c)}</section>`
  );
}
