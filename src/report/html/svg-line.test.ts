import { describe, expect, it } from 'vitest';
import { definedCount, linePath, lineSeries } from './svg-line.js';
import { lineChart } from './svg-line-chart.js';
import { timeBarChart, categoryBarChart } from './svg-bar-chart.js';

const id = (v: number): number => v;

describe('linePath', () => {
  it('moves to the first point and draws lines to the rest', () => {
    expect(linePath([{ x: 0, y: 0 }, { x: 10, y: 5 }, { x: 20, y: 2.25 }], id, id)).toBe('M0 0L10 5L20 2.3');
  });

  it('breaks the line at missing values instead of dropping to zero', () => {
    const pts = [{ x: 0, y: 1 }, { x: 1, y: null }, { x: 2, y: 3 }, { x: 3, y: 4 }];
    expect(linePath(pts, id, id)).toBe('M0 1M2 3L3 4');
    expect(definedCount(pts)).toBe(3);
  });

  it('is empty for no points', () => {
    expect(linePath([], id, id)).toBe('');
  });

  it('marks isolated points with a dot and escapes the series name', () => {
    const svg = lineSeries([{ x: 0, y: 1 }, { x: 1, y: null }, { x: 2, y: 3 }, { x: 3, y: 4 }], id, id, { color: 2, dashed: true }, '<p99>');
    expect(svg).toContain('class="series c2 dashed"');
    expect(svg).toContain('data-series="&lt;p99&gt;"');
    expect(svg.match(/<circle/g)?.length).toBe(1);
  });
});

describe('lineChart', () => {
  const base = { id: 'c', title: 'T', xLabel: 'x', yLabel: 'y', xAxis: 'linear' as const };

  it('shows a message instead of a chart when no series has data', () => {
    const html = lineChart({ ...base, series: [{ name: 'a', points: [] }, { name: 'b', points: [{ x: 0, y: null }] }], emptyMessage: 'Nothing here.' });
    expect(html).not.toContain('<svg');
    expect(html).toContain('Nothing here.');
    expect(html).toContain('id="c"');
  });

  it('draws only series with data, with title, description, axis titles and legend', () => {
    const html = lineChart({ ...base, series: [{ name: 'a', points: [{ x: 0, y: 1 }, { x: 1, y: 2 }] }, { name: 'never ran', points: [] }] });
    expect(html.match(/<path class="series/g)?.length).toBe(1);
    expect(html).toContain('<title id="c-t">T</title>');
    expect(html).toContain('aria-labelledby="c-t c-d"');
    expect(html).toContain('>x</text>');
    expect(html).toContain('>y</text>');
    expect(html).toContain('<ul class="legend">');
    expect(html).not.toContain('never ran');
  });

  it('switches to a log y axis when the tail dwarfs the median (auto)', () => {
    const points = [1, 2, 3, 4, 5, 6].map((x) => ({ x, y: x === 6 ? 10_000 : 10 }));
    const html = lineChart({ ...base, yScale: 'auto', series: [{ name: 'a', points }] });
    expect(html).toContain('y, log scale');
    expect(html).toContain('>10k</text>');
  });

  it('labels a percentile x axis in nines', () => {
    const html = lineChart({ ...base, xAxis: 'percentile', series: [{ name: 'a', points: [{ x: 0, y: 1 }, { x: 2.5, y: 9 }] }] });
    for (const label of ['0%', '90%', '99%']) expect(html).toContain(`>${label}</text>`);
    expect(html).not.toContain('>99.9%<');
  });
});

describe('bar charts', () => {
  it('draw a bar per positive value and show a message when empty', () => {
    const bars = [{ x: 1, y: 3, label: 'a' }, { x: 2, y: 0, label: 'b' }, { x: 3, y: 5, label: 'c' }];
    const html = timeBarChart({ id: 'e', title: 'E', xLabel: 't', yLabel: 'n', seriesName: 'errors', bars, barWidth: 1 });
    expect(html.match(/<rect class="bar/g)?.length).toBe(2);
    expect(timeBarChart({ id: 'e', title: 'E', xLabel: 't', yLabel: 'n', seriesName: 'errors', bars: [], barWidth: 1 })).toContain('No data recorded.');
    const cat = categoryBarChart({ id: 's', title: 'S', xLabel: 'n', bars: [{ category: '<200>', value: 4, color: 3 }], legend: [] });
    expect(cat).toContain('&lt;200&gt;');
    expect(categoryBarChart({ id: 's', title: 'S', xLabel: 'n', bars: [], legend: [] })).toContain('data-empty="true"');
  });
});
