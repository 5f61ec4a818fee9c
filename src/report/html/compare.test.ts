import { describe, expect, it } from 'vitest';
import { compareReports } from '../compare.js';
import { buildFixtureReport } from '../../../test/browser/fixture-report.js';
import { renderCompareHtml } from './compare.js';
import { deltaCell } from './compare-table.js';
import { fmtMs } from './format.js';

describe('renderCompareHtml', () => {
  const report = buildFixtureReport();

  it('says NO REGRESSION with exit code 0 when a report is compared with itself', () => {
    const html = renderCompareHtml(compareReports(report, report));
    expect(html).toContain('<h1>NO REGRESSION</h1>');
    expect(html).toContain('exit code <strong>0</strong>');
    expect(html).not.toContain('class="bad"');
    expect(html).not.toMatch(/<script/i);
    // Labels come from the suite: escaped.
    expect(html).toContain('nightly &lt;load&gt; &amp; &quot;conformance&quot;');
  });

  it('says REGRESSION with exit code 4, folds long reason lists, highlights regressed rows', () => {
    const slower = buildFixtureReport({ seed: 9, slowdown: 1.5 });
    const cmp = compareReports(report, slower);
    const html = renderCompareHtml(cmp);
    expect(html).toContain('<h1>REGRESSION</h1>');
    expect(html).toContain('exit code <strong>4</strong>');
    expect(html).toContain('class="bad"');
    if (cmp.reasons.length > 6) expect(html).toContain(`${cmp.reasons.length - 6} more</summary>`);
  });
});

describe('deltaCell', () => {
  const d = { baseline: 100, current: 134.1, change: 34.1, changePct: 34.1, allowed: 0.1, regressed: true };

  it('shows baseline → current with the change, marked when regressed', () => {
    expect(deltaCell(d, fmtMs, ' ms')).toBe('100 → <strong>134</strong> ms <span class="up">+34.1 % ▲</span>');
    expect(deltaCell({ ...d, regressed: false }, fmtMs, ' ms')).toContain('<span class="muted">+34.1 %</span>');
  });

  it('shows percentage points for error rates and a dash when neither side has a value', () => {
    expect(deltaCell({ ...d, baseline: 1, current: 2.5, change: 1.5 }, (v) => v.toFixed(2), ' %', true)).toContain('+1.50 pp');
    expect(deltaCell({ ...d, baseline: null, current: null, change: null, changePct: null }, fmtMs, ' ms')).toBe('<span class="muted">–</span>');
  });
});
