/**
 * report.html: one self-contained page (inline CSS and SVG, no external requests) that people
 * open the morning after a run.
 */
import type { Report } from '../model.js';
import { escapeHtml } from './escape.js';

function fmtMs(us: number): string {
  const ms = us / 1000;
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

function stepRows(report: Report): string {
  const rows: string[] = [];
  for (const flow of report.flows) {
    for (const step of flow.steps) {
      const lat = step.histograms['latency'];
      rows.push(
        `<tr><td>${escapeHtml(flow.name)}</td><td>${escapeHtml(step.name)}</td><td>${step.requests}</td>` +
          `<td>${lat ? fmtMs(lat.p50) : ''}</td><td>${lat ? fmtMs(lat.p95) : ''}</td><td>${lat ? fmtMs(lat.p99) : ''}</td></tr>`,
      );
    }
  }
  return rows.join('');
}

/** Renders the whole report as one self-contained HTML document. */
export function renderHtml(report: Report): string {
  const v = report.verdict;
  const reasons = v.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.suite.name)} - phrony-harness report</title></head><body>
<h1>${v.passed ? 'PASS' : 'FAIL'} (exit ${v.exitCode})</h1><ul>${reasons}</ul>
<p>Suite ${escapeHtml(report.suite.name)} against ${escapeHtml(report.target.baseUrl)}</p>
<table><thead><tr><th>Flow</th><th>Step</th><th>Requests</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th></tr></thead>
<tbody>${stepRows(report)}</tbody></table></body></html>`;
}
