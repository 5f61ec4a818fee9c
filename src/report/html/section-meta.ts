/**
 * Run metadata: suite, target (never a key), harness, timing, load profile, workers, shards,
 * and the load generator's health; plus headline figures.
 */
import type { Report } from '../model.js';
import { escapeHtml } from './escape.js';
import { fmtCount, fmtDuration, fmtPct, fmtRate, fmtUsAsMs, perSecond } from './format.js';
import { redactUrl } from './redact-url.js';

type Item = [label: string, html: string];

function item([label, html]: Item): string {
  return `<div><dt>${escapeHtml(label)}</dt><dd>${html}</dd></div>`;
}

/** The load profile as `key: value` pairs; nested values as compact JSON. */
export function loadProfileText(load: Record<string, unknown>): string {
  const parts = Object.entries(load).map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`);
  return parts.length > 0 ? parts.join(' · ') : '(default)';
}

function targetItems(report: Report): Item[] {
  const t = report.target;
  const fp = t.fingerprint;
  const versions = Object.entries(fp.versionHeaders).map(([k, v]) => `${k}: ${v}`).join(', ');
  const items: Item[] = [
    ['Target', `<span class="mono">${escapeHtml(redactUrl(t.baseUrl))}</span>${t.embedded ? ' <span class="badge muted">embedded reference server</span>' : ''}`],
    ['Target host', escapeHtml(fp.host)],
  ];
  if (fp.server) items.push(['Server header', escapeHtml(fp.server)]);
  if (versions) items.push(['Version headers', escapeHtml(versions)]);
  return items;
}

function runItems(report: Report): Item[] {
  const r = report.run;
  const status = r.status === 'completed' ? 'completed' : `<span class="badge warn">${escapeHtml(r.status)}</span>`;
  const items: Item[] = [
    ['Run', `${status} · id <span class="mono">${escapeHtml(r.id)}</span>`],
    ['Started / ended', `${escapeHtml(r.startedAt)}<br>${escapeHtml(r.endedAt)}`],
    ['Duration', escapeHtml(fmtDuration(r.durationMs))],
    ['Load profile', `<span class="mono">${escapeHtml(loadProfileText(r.load))}</span>`],
    ['Workers', String(r.workers)],
  ];
  if (r.shard) items.push(['Shard', `${r.shard.index + 1} of ${r.shard.count}`]);
  if (r.mergedFrom !== undefined) items.push(['Merged', `from ${r.mergedFrom} reports`]);
  return items;
}

function generatorItem(report: Report): Item {
  const g = report.generator;
  const p99 = `event-loop delay p99 ${escapeHtml(fmtUsAsMs(g.eventLoopDelay.p99))} ms, max ${escapeHtml(fmtUsAsMs(g.eventLoopDelay.max))} ms`;
  const badge = g.unreliable ? '<span class="badge fail">unreliable</span>' : '<span class="badge pass">healthy</span>';
  return ['Load generator', `${badge} ${p99}`];
}

export function metadataSection(report: Report): string {
  const items: Item[] = [
    ['Suite', `${escapeHtml(report.suite.name)} <span class="muted mono">${escapeHtml(report.suite.file)}</span>`],
    ['Suite digest', `<span class="mono">${escapeHtml(report.suite.digest)}</span>`],
    ...targetItems(report),
    ['Harness', `${escapeHtml(report.harness.name)} ${escapeHtml(report.harness.version)} · node ${escapeHtml(report.harness.node)} · report ${escapeHtml(report.kind)} v${report.schemaVersion}`],
    ...runItems(report),
    generatorItem(report),
  ];
  return `<section class="card" id="run"><h2>Run</h2><dl class="meta">${items.map(item).join('')}</dl></section>`;
}

function kpi(value: string, label: string): string {
  return `<div class="kpi"><div class="v">${value}</div><div class="l">${escapeHtml(label)}</div></div>`;
}

/** Headline figures under the banner. */
export function kpiStrip(report: Report): string {
  const t = report.totals;
  const errors = Object.values(t.errors).reduce((a, b) => a + (b ?? 0), 0);
  const checks = t.checks.passed + t.checks.failed;
  return (
    `<div class="kpis">` +
    kpi(fmtCount(t.requests), 'requests') +
    kpi(fmtRate(perSecond(t.requests, report.run.durationMs)), 'requests / s') +
    kpi(`${fmtUsAsMs(t.latency.p50)} ms`, 'latency p50') +
    kpi(`${fmtUsAsMs(t.latency.p99)} ms`, 'latency p99') +
    kpi(fmtCount(errors), `errors (${fmtPct(t.requests > 0 ? errors / t.requests : 0)})`) +
    kpi(`${fmtCount(t.checks.failed)} / ${fmtCount(checks)}`, 'checks failed') +
    kpi(fmtCount(t.iterations), 'flow iterations') +
    `</div>`
  );
}
