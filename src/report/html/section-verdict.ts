/**
 * The top of the page: PASS/FAIL with the exit code and the reasons, and the generator
 * warning when the load generator (not the target) was the bottleneck.
 */
import type { Report } from '../model.js';
import { escapeHtml } from './escape.js';
import { fmtDuration } from './format.js';
import { reasonsList } from './reasons.js';
import { redactUrl } from './redact-url.js';

export function verdictBanner(report: Report): string {
  const v = report.verdict;
  const cls = v.passed ? 'pass' : 'fail';
  const status = report.run.status === 'completed' ? '' : ` · <span class="badge warn">${escapeHtml(report.run.status)}</span>`;
  const reasons = reasonsList(v.reasons);
  const abort = report.run.abortReason ? `<p class="message">Aborted: ${escapeHtml(report.run.abortReason)}</p>` : '';
  return (
    `<header class="banner ${cls}" id="verdict" role="status"><div class="head">` +
    `<h1>${v.passed ? 'PASS' : 'FAIL'}</h1><span>exit code <strong>${v.exitCode}</strong>${status}</span>` +
    `<span class="sub">${escapeHtml(report.suite.name)} → ${escapeHtml(redactUrl(report.target.baseUrl))} · ` +
    `${escapeHtml(fmtDuration(report.run.durationMs))} · ${escapeHtml(report.run.startedAt)}</span></div>` +
    `${reasons}${abort}</header>`
  );
}

/** Shown prominently when the run's figures describe the harness more than the target. */
export function generatorWarning(report: Report): string {
  const g = report.generator;
  if (!g.unreliable) return '';
  const reasons = g.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('');
  return (
    `<div class="warning" id="generator-warning" role="alert">Results unreliable: the load generator was the bottleneck ` +
    `(event-loop delay p99 ${(g.eventLoopDelay.p99 / 1000).toFixed(1)} ms). Latencies include the harness's own delay.` +
    `${reasons ? `<ul>${reasons}</ul>` : ''}</div>`
  );
}
