/**
 * compare.html: baseline versus current, with the regression verdict, the deltas table and
 * both latency distributions overlaid per series.
 */
import { EXIT } from '../../cli/exit-codes.js';
import type { ComparedRun, Comparison } from '../compare.js';
import { compareSpectrumChart, compareTimelineChart } from './compare-overlay.js';
import { deltasTable } from './compare-table.js';
import { escapeHtml } from './escape.js';
import { fmtDuration } from './format.js';
import { nav, page } from './page.js';
import { reasonsList } from './reasons.js';
import { redactUrl } from './redact-url.js';

export const COMPARE_TOTAL_CHART_ID = 'chart-compare-total';
export const COMPARE_TOTAL_TIME_CHART_ID = 'chart-compare-total-over-time';

/** Id of the overlay chart of the step at `index` in `cmp.steps`. */
export function compareStepChartId(index: number): string {
  return `chart-compare-step-${index}`;
}

function banner(cmp: Comparison): string {
  const cls = cmp.regressed ? 'fail' : 'pass';
  const code = cmp.regressed ? EXIT.regression : EXIT.pass;
  const reasons = reasonsList(cmp.reasons);
  return (
    `<header class="banner ${cls}" id="verdict" role="status"><div class="head">` +
    `<h1>${cmp.regressed ? 'REGRESSION' : 'NO REGRESSION'}</h1><span>exit code <strong>${code}</strong></span>` +
    `<span class="sub">${escapeHtml(cmp.current.suite)}: ${escapeHtml(cmp.baseline.runId)} → ${escapeHtml(cmp.current.runId)}</span></div>${reasons}</header>` +
    (cmp.sameSuite ? '' : `<div class="warning" role="alert">The reports come from different suites (digests differ); series are matched by name.</div>`)
  );
}

function runColumn(title: string, r: ComparedRun): string {
  const rows: Array<[string, string]> = [
    ['Run', `<span class="mono">${escapeHtml(r.runId)}</span>`],
    ['Started', escapeHtml(r.startedAt)],
    ['Duration', escapeHtml(fmtDuration(r.durationMs))],
    ['Target', `<span class="mono">${escapeHtml(redactUrl(r.baseUrl))}</span>`],
    ['Suite', `${escapeHtml(r.suite)} <span class="muted mono">${escapeHtml(r.digest)}</span>`],
  ];
  return `<div><h3>${escapeHtml(title)}</h3><dl class="meta">${rows.map(([l, h]) => `<div><dt>${l}</dt><dd>${h}</dd></div>`).join('')}</dl></div>`;
}

function runsSection(cmp: Comparison): string {
  const t = cmp.tolerances;
  const tol =
    `p50 +${(t.p50 * 100).toFixed(0)} % · p95 +${(t.p95 * 100).toFixed(0)} % · p99 +${(t.p99 * 100).toFixed(0)} % · ` +
    `error rate +${t.errorRatePp} pp · rate −${(t.rps * 100).toFixed(0)} % · noise k ${t.noiseK} · min samples ${t.minSamples}`;
  const only = [
    ...cmp.onlyInBaseline.map((l) => `<li>only in baseline: <strong>${escapeHtml(l)}</strong></li>`),
    ...cmp.onlyInCurrent.map((l) => `<li>only in current: <strong>${escapeHtml(l)}</strong></li>`),
  ].join('');
  return (
    `<section class="card" id="runs"><h2>Runs</h2><div class="charts">${runColumn('Baseline', cmp.baseline)}${runColumn('Current', cmp.current)}</div>` +
    `<p class="muted">Allowed worsening: ${escapeHtml(tol)}</p>${only ? `<ul>${only}</ul>` : ''}</section>`
  );
}

function chartsSection(cmp: Comparison): string {
  const total = compareSpectrumChart(COMPARE_TOTAL_CHART_ID, cmp.totals);
  const overTime = compareTimelineChart(COMPARE_TOTAL_TIME_CHART_ID, cmp.totals, Math.max(cmp.baseline.durationMs, cmp.current.durationMs));
  // A step neither run reached (a skipped flow) has nothing to overlay.
  const steps = cmp.steps
    .map((s, i) => (s.count.baseline + s.count.current > 0 ? compareSpectrumChart(compareStepChartId(i), s) : ''))
    .join('');
  return (
    `<section class="card" id="distributions"><h2>Latency distributions</h2>` +
    `<p class="muted">Baseline dashed, current solid (red where the series regressed).</p>` +
    `<div class="charts">${total}${overTime}</div>${steps ? `<h3>Per step</h3><div class="charts">${steps}</div>` : ''}</section>`
  );
}

/** Renders a comparison as one self-contained HTML document. */
export function renderCompareHtml(cmp: Comparison): string {
  const body = [
    banner(cmp),
    nav([
      { id: 'deltas', label: 'Deltas' },
      { id: 'distributions', label: 'Distributions' },
      { id: 'runs', label: 'Runs' },
    ]),
    `<section class="card" id="deltas"><h2>Deltas</h2>${deltasTable([cmp.totals, ...cmp.flows, ...cmp.steps], 'deltas-table')}</section>`,
    chartsSection(cmp),
    runsSection(cmp),
  ].join('\n');
  const title = `${cmp.regressed ? 'REGRESSION' : 'NO REGRESSION'} · ${cmp.current.suite} · phrony-harness compare`;
  return page(title, body, `phrony-harness compare · baseline ${escapeHtml(cmp.baseline.runId)} · current ${escapeHtml(cmp.current.runId)}`);
}
