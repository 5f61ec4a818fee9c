/**
 * report.html in real headless Chromium: built from a real recorder's HDR histograms, written
 * to disk, opened from file://. Proves the page is self-contained (no request but itself),
 * error-free, draws every chart, lists every table row, escapes hostile bodies, and fits a
 * phone. Screenshots land in test-artifacts/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { renderHtml } from '../../src/report/html/render.js';
import { FLOW_SPECTRUM_CHART_ID, SPECTRUM_CHART_ID } from '../../src/report/html/section-latency.js';
import { ERROR_CATEGORY_CHART_ID, STATUS_CHART_ID } from '../../src/report/html/section-status.js';
import { ERRORS_CHART_ID, LATENCY_TIME_CHART_ID, THROUGHPUT_CHART_ID, stepTimeChartId } from '../../src/report/html/section-timeline.js';
import { artifactsDir } from './artifacts.js';
import { launchChromium, watchPage } from './chromium.js';
import { buildFixtureReport } from './fixture-report.js';
import { expectBarChart, expectLineChart, expectNoHorizontalOverflow, expectQuietPage, rowCount } from './page-checks.js';

let browser: Browser;
let dir: string;
let fileUrl: string;
let report: Report;

beforeAll(async () => {
  report = buildFixtureReport({ unreliable: true });
  dir = mkdtempSync(join(tmpdir(), 'phrony-html-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, renderHtml(report));
  fileUrl = pathToFileURL(file).href;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const VIEWPORTS = [
  { width: 1280, height: 900, scheme: 'light' },
  { width: 390, height: 844, scheme: 'light' },
  { width: 1280, height: 900, scheme: 'dark' },
] as const;

describe('report.html in headless Chromium', () => {
  for (const vp of VIEWPORTS) {
    it(`renders completely and offline at ${vp.width}×${vp.height} (${vp.scheme})`, async () => {
      const page = await browser.newPage({ viewport: { width: vp.width, height: vp.height }, colorScheme: vp.scheme });
      const log = watchPage(page);
      await page.goto(fileUrl, { waitUntil: 'load' });
      await expectCharts(page);
      await expectTables(page);
      await expectEscaped(page);
      await expectNoHorizontalOverflow(page, vp.width);
      expect(await page.locator('#generator-warning').isVisible()).toBe(true);
      await page.screenshot({ path: join(artifactsDir(), `report-${vp.width}x${vp.height}-${vp.scheme}.png`), fullPage: true });
      await page.close();
      expectQuietPage(log, fileUrl);
    });
  }
});

async function expectCharts(page: import('playwright-core').Page): Promise<void> {
  const steps = report.flows.flatMap((f) => f.steps);
  const ran = steps.filter((s) => s.requests > 0).length;
  await expectLineChart(page, SPECTRUM_CHART_ID, ran);
  // Three flows ran, each with its corrected and uncorrected (open model) duration, named by where each starts.
  await expectLineChart(page, FLOW_SPECTRUM_CHART_ID, 6);
  const legend = await page.locator(`figure:has(svg#${FLOW_SPECTRUM_CHART_ID}) ul.legend li`).allTextContents();
  for (const f of report.flows.filter((x) => x.durationUncorrected)) {
    expect(legend.some((l) => l.includes(`${f.name} (from intended start)`))).toBe(true);
    expect(legend.some((l) => l.includes(`${f.name} (from actual start)`))).toBe(true);
  }
  await expectLineChart(page, LATENCY_TIME_CHART_ID, 3);
  await expectLineChart(page, THROUGHPUT_CHART_ID, 2);
  await expectBarChart(page, ERRORS_CHART_ID, 5);
  await expectBarChart(page, STATUS_CHART_ID, Object.keys(report.totals.statusCodes).length);
  await expectBarChart(page, ERROR_CATEGORY_CHART_ID, 2);
  for (let i = 0; i < steps.length; i++) {
    if ((steps[i]?.requests ?? 0) > 0) await expectLineChart(page, stepTimeChartId(i), 3);
  }
  // The step that never ran has no over-time chart (and no empty series in the spectrum).
  expect(await page.locator(`svg#${stepTimeChartId(steps.length - 1)}`).count()).toBe(0);
  // The percentile axis is labelled in nines.
  const ticks = await page.locator(`svg#${SPECTRUM_CHART_ID} .axis-x text.tick`).allTextContents();
  expect(ticks.slice(0, 4)).toEqual(['0%', '90%', '99%', '99.9%']);
}

async function expectTables(page: import('playwright-core').Page): Promise<void> {
  const steps = report.flows.flatMap((f) => f.steps);
  expect(await rowCount(page, 'flows-table')).toBe(report.flows.length);
  expect(await rowCount(page, 'steps-table')).toBe(steps.length);
  expect(await rowCount(page, 'thresholds-table')).toBe(report.thresholds.length);
  expect(await rowCount(page, 'status-table')).toBe(Object.keys(report.totals.statusCodes).length);
  expect(await rowCount(page, 'certification-table')).toBe(report.certification?.requirements.length);
  expect(await rowCount(page, 'skipped-table')).toBe(1);
  expect(await rowCount(page, 'checks-table')).toBe(steps.reduce((n, s) => n + s.checks.length, 0));
  expect(await page.locator('#thresholds-table').textContent()).toContain('512.3 ms');
  // Open model: the uncorrected p50/p95/p99 beside the corrected figures, labelled.
  const heads = await page.locator('#flows-table > thead th').allTextContents();
  expect(heads).toEqual(expect.arrayContaining(['p50 ms from actual start', 'p95 ms from actual start', 'p99 ms from actual start']));
  expect(await page.locator('#flows-open-note').textContent()).toContain('intended start');
  expect(await page.locator('#failures article.failure').count()).toBe(report.failures.length);
  expect(await page.locator('#thresholds-table tr.bad').count()).toBe(report.thresholds.filter((t) => !t.passed).length);
  const firstStep = await page.locator('#steps-table > tbody > tr').first().locator('td').allTextContents();
  expect(firstStep.slice(0, 3)).toEqual(['start_poll', 'create_run request', '1,200']);
}

async function expectEscaped(page: import('playwright-core').Page): Promise<void> {
  // Hostile bodies and names show as text; nothing became an element.
  expect(await page.locator('script').count()).toBe(0);
  expect(await page.locator('img').count()).toBe(0);
  const sample = await page.locator('#failures pre.sample').first().textContent();
  expect(sample).toContain('<script>alert(');
  expect(await page.locator('#verdict .sub').textContent()).toContain('nightly <load> & "conformance"');
  const html = await page.content();
  expect(html).not.toContain('secret123');
}
