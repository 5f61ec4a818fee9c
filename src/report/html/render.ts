/**
 * report.html: one self-contained page (inline CSS and SVG, no scripts, no external requests)
 * that people open the morning after a run.
 */
import type { Report } from '../model.js';
import { escapeHtml } from './escape.js';
import { nav, page, type NavLink } from './page.js';
import { certificationSection } from './section-certification.js';
import { failuresSection } from './section-failures.js';
import { latencySection } from './section-latency.js';
import { kpiStrip, metadataSection } from './section-meta.js';
import { skippedSection } from './section-skipped.js';
import { statusSectionHtml } from './section-status.js';
import { tablesSection } from './section-tables.js';
import { thresholdsSection } from './section-thresholds.js';
import { timelineSection } from './section-timeline.js';
import { generatorWarning, verdictBanner } from './section-verdict.js';

export { renderCompareHtml } from './compare.js';

function links(report: Report, skipped: string): NavLink[] {
  const l: NavLink[] = [];
  if (report.certification) l.push({ id: 'certification', label: 'Certification' });
  l.push(
    { id: 'run', label: 'Run' },
    { id: 'flows', label: 'Flows' },
    { id: 'steps', label: 'Steps' },
    { id: 'latency', label: 'Latency' },
    { id: 'timeline', label: 'Over time' },
    { id: 'status', label: 'Status & errors' },
    { id: 'failures', label: `Failures (${report.failures.length})` },
    { id: 'thresholds', label: 'Thresholds' },
  );
  if (skipped) l.push({ id: 'skipped', label: 'Skipped & dropped' });
  return l;
}

/** Renders the whole report as one self-contained HTML document. */
export function renderHtml(report: Report): string {
  const skipped = skippedSection(report);
  const body = [
    verdictBanner(report),
    generatorWarning(report),
    nav(links(report, skipped)),
    kpiStrip(report),
    certificationSection(report),
    metadataSection(report),
    tablesSection(report),
    latencySection(report),
    timelineSection(report),
    statusSectionHtml(report),
    failuresSection(report),
    thresholdsSection(report),
    skipped,
  ].join('\n');
  const verdict = report.verdict.passed ? 'PASS' : 'FAIL';
  const title = `${verdict} · ${report.suite.name} · phrony-harness`;
  const footer = `phrony-harness ${escapeHtml(report.harness.version)} · report schema v${report.schemaVersion} · run ${escapeHtml(report.run.id)}`;
  return page(title, body, footer);
}
