/**
 * Every failure record: where (flow/step/check), how often, the message, expected versus
 * actual, the schema paths, the request, and the redacted body samples (escaped, in <pre>).
 */
import type { FailureRecord, Report } from '../model.js';
import { escapeHtml, escapeValue } from './escape.js';
import { fmtCount } from './format.js';
import { redactUrl } from './redact-url.js';

function row(label: string, html: string): string {
  return `<dt>${escapeHtml(label)}</dt><dd>${html}</dd>`;
}

function details(f: FailureRecord): string {
  const rows: string[] = [row('Category', `<span class="badge fail">${escapeHtml(f.category)}</span>`)];
  if (f.expected !== undefined) rows.push(row('Expected', `<code>${escapeValue(f.expected)}</code>`));
  if (f.actual !== undefined) rows.push(row('Actual', `<code>${escapeValue(f.actual)}</code>`));
  if (f.instancePath !== undefined) rows.push(row('Instance path', `<code>${escapeHtml(f.instancePath || '(root)')}</code>`));
  if (f.schemaPath !== undefined) rows.push(row('Schema path', `<code>${escapeHtml(f.schemaPath)}</code>`));
  if (f.request) rows.push(row('Request', `<code>${escapeHtml(f.request.method)} ${escapeHtml(redactUrl(f.request.url))}</code>`));
  return `<dl>${rows.join('')}</dl>`;
}

function samples(f: FailureRecord): string {
  if (f.samples.length === 0) return '';
  const pres = f.samples.map((s, i) => `<pre class="sample" aria-label="sample ${i + 1}">${escapeHtml(s)}</pre>`).join('');
  const label = f.samples.length === 1 ? 'Response sample' : `Response samples (${f.samples.length})`;
  return `<details open><summary>${label}</summary>${pres}</details>`;
}

export function failureCard(f: FailureRecord, index: number): string {
  return (
    `<article class="failure" id="failure-${index}"><h3>${escapeHtml(f.flow)} / ${escapeHtml(f.step)} · ` +
    `<code>${escapeHtml(f.check)}</code> <span class="count">×${fmtCount(f.count)}</span></h3>` +
    `<p class="message">${escapeHtml(f.message)}</p>${details(f)}${samples(f)}</article>`
  );
}

export function failuresSection(report: Report): string {
  const list = [...report.failures].sort((a, b) => b.count - a.count);
  const total = list.reduce((a, f) => a + f.count, 0);
  const body = list.length === 0 ? '<p class="muted">No check failed.</p>' : list.map(failureCard).join('');
  const head = list.length === 0 ? '' : ` <span class="muted">(${list.length} kinds, ${fmtCount(total)} failures)</span>`;
  return `<section class="card" id="failures"><h2>Failures${head}</h2>${body}</section>`;
}
