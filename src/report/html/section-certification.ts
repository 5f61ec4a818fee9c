/**
 * Conformance certification (reports written by `certify`): the verdict and every
 * requirement with its level, section, status and evidence.
 */
import type { CertificationRequirement, Report } from '../model.js';
import { escapeHtml } from './escape.js';
import { table, type Column } from './table.js';

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

export function certificationSection(report: Report): string {
  const c = report.certification;
  if (!c) return '';
  const certified = c.verdict === 'CERTIFIED';
  const columns: Column<CertificationRequirement>[] = [
    { header: 'Status', cell: (r) => STATUS_BADGE[r.status] ?? escapeHtml(r.status) },
    { header: 'Id', cell: (r) => `<code>${escapeHtml(r.id)}</code>` },
    { header: 'Level', cell: (r) => (r.level === 'MUST' ? '<strong>MUST</strong>' : escapeHtml(r.level)) },
    { header: 'Section', cell: (r) => escapeHtml(r.section) },
    { header: 'Statement', wrap: true, cell: (r) => escapeHtml(r.statement) },
    { header: 'Evidence', wrap: true, cell: (r) => (r.evidence ? escapeHtml(r.evidence) : '<span class="muted">–</span>') },
  ];
  const body = table({
    id: 'certification-table', label: 'Certification requirements', columns, rows: c.requirements,
    empty: 'No requirements were evaluated.', rowClass: (r) => (r.status === 'fail' && r.level === 'MUST' ? 'bad' : undefined),
  });
  return (
    `<section class="card" id="certification"><h2>Certification ` +
    `<span class="badge ${certified ? 'pass' : 'fail'}">${escapeHtml(c.verdict)}</span></h2>` +
    `<p class="muted">${escapeHtml(counts(c.requirements))}</p>${body}</section>`
  );
}
