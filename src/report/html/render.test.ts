import { describe, expect, it } from 'vitest';
import { createRecorder } from '../../metrics/registry.js';
import { emptySummary } from '../../metrics/histogram.js';
import { buildReport } from '../build.js';
import type { Report } from '../model.js';
import { buildFixtureReport } from '../../../test/browser/fixture-report.js';
import { renderHtml } from './render.js';
import { redactUrl } from './redact-url.js';

const START = Date.UTC(2026, 0, 1);

function emptyReport(): Report {
  const rec = createRecorder({ startMs: START });
  return buildReport({
    suite: { name: 'empty', file: 'e.yaml', digest: 'd' },
    target: { baseUrl: 'https://user:pw@api.example.test/?token=abc', embedded: false, fingerprint: { host: 'api.example.test', versionHeaders: {} } },
    run: { id: 'r', startedAt: '', startedAtMs: START, endedAtMs: START + 10, status: 'interrupted', load: { model: 'closed', vus: 1 }, workers: 1 },
    snapshot: rec.snapshot(),
    thresholds: [],
    generator: { eventLoopDelay: emptySummary('us'), unreliable: false, reasons: [] },
    harnessVersion: '0.0.0',
    node: 'v20',
  });
}

describe('renderHtml', () => {
  it('renders a run without any data: messages instead of charts, no broken markup', () => {
    const html = renderHtml(emptyReport());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toContain('<svg');
    expect(html).toContain('No step latencies were recorded.');
    expect(html).toContain('No check failed.');
    expect(html).toContain('The suite defines no thresholds.');
    expect(html).toContain('interrupted');
    expect(html).not.toContain('NaN');
    expect(html).not.toContain('Infinity');
  });

  it('never shows credentials from the target URL', () => {
    const html = renderHtml(emptyReport());
    expect(html).not.toContain('pw@');
    expect(html).not.toContain('token=abc');
    expect(html).toContain('token=REDACTED');
  });

  it('is self-contained: no script, no external reference, a CSP that forbids loading anything', () => {
    const html = renderHtml(buildFixtureReport());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)="(?!#)/);
    expect(html).not.toMatch(/url\(/);
    expect(html).toContain("default-src 'none'");
    // The only absolute URLs are data shown as text (targets, requests) and the SVG namespace.
    const urls = html.match(/https?:\/\/[^\s"<&]+/g) ?? [];
    expect(urls.filter((u) => !u.startsWith('http://127.0.0.1:8787') && u !== 'http://www.w3.org/2000/svg')).toEqual([]);
  });

  it('shows the certification, skipped flows and dropped arrivals of the fixture', () => {
    const html = renderHtml(buildFixtureReport());
    expect(html).toContain('NOT CERTIFIED');
    expect(html).toContain('variable AGENT_ID is not set');
    expect(html).toContain('Dropped arrivals');
  });
});

describe('renderHtml run metadata', () => {
  it('shows shard and merge information and why a run was aborted', () => {
    const r = buildFixtureReport();
    const html = renderHtml({
      ...r,
      run: { ...r.run, status: 'aborted', abortReason: 'threshold http.errors: rate < 5% failed', shard: { index: 1, count: 4 }, mergedFrom: 3 },
    });
    expect(html).toContain('2 of 4');
    expect(html).toContain('from 3 reports');
    expect(html).toContain('Aborted: threshold http.errors: rate &lt; 5% failed');
    expect(html).toContain('<span class="badge warn">aborted</span>');
  });
});

describe('redactUrl', () => {
  it('drops user info and hides secret-looking query values', () => {
    expect(redactUrl('https://u:p@h.test/x?api_key=1&page=2&X-Amz-Signature=abc')).toBe('https://h.test/x?api_key=REDACTED&page=2&X-Amz-Signature=REDACTED');
  });

  it('leaves relative or unparsable URLs alone', () => {
    expect(redactUrl('/v1/runs')).toBe('/v1/runs');
  });
});
