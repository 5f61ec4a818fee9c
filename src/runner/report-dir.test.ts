import { describe, expect, it } from 'vitest';
import { defaultReportDir, suiteSlug, timestampSlug } from './report-dir.js';

describe('report folder names', () => {
  it('uses a UTC timestamp and a safe suite slug', () => {
    const date = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(timestampSlug(date)).toBe('20260102-030405');
    expect(suiteSlug('Smoke test / Phrony!')).toBe('smoke-test-phrony');
    expect(suiteSlug('///')).toBe('suite');
    expect(defaultReportDir('/tmp/x', 'smoke', date)).toBe('/tmp/x/reports/20260102-030405-smoke');
  });
});
