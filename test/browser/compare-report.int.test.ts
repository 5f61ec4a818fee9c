/**
 * compare.html in real headless Chromium: two reports from the recorder (the current run 40 %
 * slower), compared by compareReports, rendered, opened from file://. Proves the page is
 * offline and error-free, shows the regression verdict, highlights regressed rows, and
 * overlays baseline and current distributions for the total and every step.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareReports, type Comparison } from '../../src/report/compare.js';
import { COMPARE_TOTAL_CHART_ID, COMPARE_TOTAL_TIME_CHART_ID, compareStepChartId, renderCompareHtml } from '../../src/report/html/compare.js';
import { artifactsDir } from './artifacts.js';
import { launchChromium, watchPage } from './chromium.js';
import { buildFixtureReport } from './fixture-report.js';
import { expectLineChart, expectNoHorizontalOverflow, expectQuietPage, rowCount } from './page-checks.js';

let browser: Browser;
let dir: string;
let fileUrl: string;
let cmp: Comparison;

beforeAll(async () => {
  cmp = compareReports(buildFixtureReport({ seed: 7 }), buildFixtureReport({ seed: 9, slowdown: 1.4 }));
  dir = mkdtempSync(join(tmpdir(), 'phrony-compare-'));
  const file = join(dir, 'compare.html');
  writeFileSync(file, renderCompareHtml(cmp));
  fileUrl = pathToFileURL(file).href;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function expectOverlays(page: Page): Promise<void> {
  // Baseline (dashed) and current, both drawn from the merged interval histograms.
  await expectLineChart(page, COMPARE_TOTAL_CHART_ID, 2);
  expect(await page.locator(`svg#${COMPARE_TOTAL_CHART_ID} path.series.dashed`).count()).toBe(1);
  await expectLineChart(page, COMPARE_TOTAL_TIME_CHART_ID, 2);
  for (let i = 0; i < cmp.steps.length; i++) {
    const s = cmp.steps[i];
    if ((s?.count.baseline ?? 0) > 0 && (s?.count.current ?? 0) > 0) await expectLineChart(page, compareStepChartId(i), 2);
  }
}

describe('compare.html in headless Chromium', () => {
  it('the fixture regressed (a 40 % slowdown)', () => {
    expect(cmp.regressed).toBe(true);
  });

  for (const vp of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    it(`renders the verdict, deltas and overlays offline at ${vp.width}×${vp.height}`, async () => {
      const page = await browser.newPage({ viewport: vp });
      const log = watchPage(page);
      await page.goto(fileUrl, { waitUntil: 'load' });
      expect(await page.locator('#verdict h1').textContent()).toBe('REGRESSION');
      expect(await page.locator('#verdict').textContent()).toContain('exit code 4');
      expect(await rowCount(page, 'deltas-table')).toBe(1 + cmp.flows.length + cmp.steps.length);
      const regressedRows = [cmp.totals, ...cmp.flows, ...cmp.steps].filter((s) => s.regressed).length;
      expect(regressedRows).toBeGreaterThan(0);
      expect(await page.locator('#deltas-table tr.bad').count()).toBe(regressedRows);
      await expectOverlays(page);
      await expectNoHorizontalOverflow(page, vp.width);
      expect(await page.locator('script').count()).toBe(0);
      await page.screenshot({ path: join(artifactsDir(), `compare-${vp.width}x${vp.height}.png`), fullPage: true });
      await page.close();
      expectQuietPage(log, fileUrl);
    });
  }
});
