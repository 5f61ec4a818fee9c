/**
 * Assertions shared by the report and compare page tests: the page made no request but its own
 * file, logged no error, every chart is drawn, and the page does not overflow the viewport.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { PageLog } from './chromium.js';

export function expectQuietPage(log: PageLog, fileUrl: string): void {
  expect(log.consoleErrors).toEqual([]);
  expect(log.pageErrors).toEqual([]);
  expect(log.requests.filter((u) => u !== fileUrl)).toEqual([]);
}

/** A line chart: an <svg> with the id, an accessible title, and series paths with real data. */
export async function expectLineChart(page: Page, id: string, minSeries = 1): Promise<void> {
  const svg = page.locator(`svg#${id}`);
  expect(await svg.count(), `chart ${id}`).toBe(1);
  expect((await svg.locator('title').first().textContent())?.length ?? 0, `title of ${id}`).toBeGreaterThan(0);
  expect(await svg.getAttribute('aria-labelledby'), `aria of ${id}`).toContain(`${id}-t`);
  // One round trip for all paths: [d, data-points] of each.
  const paths = await svg.locator('path.series').evaluateAll((els) => els.map((e) => [e.getAttribute('d') ?? '', e.getAttribute('data-points') ?? '']));
  expect(paths.length, `series in ${id}`).toBeGreaterThanOrEqual(minSeries);
  for (const [d, points] of paths) {
    expect(d?.length, `d of a path in ${id}`).toBeGreaterThan(10);
    expect(Number(points), `points of a path in ${id}`).toBeGreaterThan(1);
  }
}

/** A bar chart: an <svg> with the id and at least `minBars` drawn bars of positive size. */
export async function expectBarChart(page: Page, id: string, minBars = 1): Promise<void> {
  const svg = page.locator(`svg#${id}`);
  expect(await svg.count(), `chart ${id}`).toBe(1);
  const bars = await svg.locator('rect.bar').evaluateAll((els) => els.map((e) => [Number(e.getAttribute('width')), Number(e.getAttribute('height'))]));
  expect(bars.length, `bars in ${id}`).toBeGreaterThanOrEqual(minBars);
  for (const [width, height] of bars) {
    expect(width, `bar width in ${id}`).toBeGreaterThan(0);
    expect(height, `bar height in ${id}`).toBeGreaterThan(0);
  }
}

export async function rowCount(page: Page, tableId: string): Promise<number> {
  return page.locator(`table#${tableId} > tbody > tr`).count();
}

/** The page is no wider than the viewport: wide tables scroll inside their own wrappers. */
export async function expectNoHorizontalOverflow(page: Page, width: number): Promise<void> {
  const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'));
  expect(scrollWidth).toBeLessThanOrEqual(width);
}
