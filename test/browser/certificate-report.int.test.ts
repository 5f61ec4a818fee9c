/**
 * A real certificate in real headless Chromium: the certify command runs in-process against
 * the reference server (core flags only, so most optional areas are not covered) and writes its
 * report folder; the report.html it wrote is opened from file://. Proves the certification
 * section shows the coverage table with each missing prerequisite, the request count and the
 * digest with its verify command, offline and without overflow on a phone; and that junit.xml
 * and summary.md carry the same certificate.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as certify } from '../../src/cli/commands/certify.js';
import { embeddedConfig } from '../../src/certify/embedded.js';
import { startReferenceServer, type ReferenceServer } from '../../src/reference-server/index.js';
import { VERIFY_HINT } from '../../src/report/html/section-certification.js';
import type { Report } from '../../src/report/model.js';
import { artifactsDir } from './artifacts.js';
import { launchChromium, watchPage } from './chromium.js';
import { expectNoHorizontalOverflow, expectQuietPage, rowCount } from './page-checks.js';

let browser: Browser;
let server: ReferenceServer;
let dir: string;
let out: string;
let report: Report;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'phrony-cert-html-'));
  out = join(dir, 'certificate');
  server = await startReferenceServer({ port: 0, host: '127.0.0.1', config: embeddedConfig([]) });
  const args = ['--base-url', server.baseUrl, '--api-key', server.keys.main, '--agent-id', server.agents.complete, '--poll-interval', '20ms', '--out', out];
  const io = { stdout: () => undefined, stderr: () => undefined, env: {}, cwd: dir, isTTY: false, signal: new AbortController().signal };
  const code = await certify(args, io);
  if (code !== 0) throw new Error(`certify exited ${code}`);
  report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
  browser = await launchChromium();
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a certificate from the certify command', () => {
  it('has coverage, request count and digest to show', () => {
    const c = report.certification;
    expect(c?.coverage?.some((a) => a.covered)).toBe(true);
    expect(c?.coverage?.some((a) => !a.covered)).toBe(true);
    expect(c?.requests).toBeGreaterThan(0);
    expect(c?.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  for (const vp of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    it(`report.html shows coverage, requests and digest at ${vp.width}×${vp.height}`, async () => {
      const c = report.certification;
      const fileUrl = pathToFileURL(join(out, 'report.html')).href;
      const page = await browser.newPage({ viewport: vp });
      const log = watchPage(page);
      await page.goto(fileUrl, { waitUntil: 'load' });
      expect(await rowCount(page, 'certification-table')).toBe(c?.requirements.length);
      expect(await rowCount(page, 'coverage-table')).toBe(c?.coverage?.length);
      for (const a of c?.coverage ?? []) {
        const row = page.locator('#coverage-table > tbody > tr', { hasText: a.area }).first();
        const text = (await row.textContent()) ?? '';
        expect(text).toContain(a.covered ? 'covered' : 'not covered');
        for (const p of a.prerequisites) {
          if (a.covered) expect(text).not.toContain(p);
          else expect(text).toContain(p);
        }
      }
      expect(await page.locator('#certification-requests').textContent()).toContain(String(c?.requests));
      expect(await page.locator('#certification-digest').textContent()).toBe(c?.digest);
      expect(await page.locator('#certification-verify').textContent()).toBe(VERIFY_HINT);
      await expectNoHorizontalOverflow(page, vp.width);
      await page.screenshot({ path: join(artifactsDir(), `certificate-${vp.width}x${vp.height}.png`), fullPage: true });
      await page.close();
      expectQuietPage(log, fileUrl);
    });
  }

  it('junit.xml skips each requirement that was not covered, naming the missing prerequisite', async () => {
    const xml = await readFile(join(out, 'junit.xml'), 'utf8');
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(xml) as {
      testsuites: { testsuite: Array<{ name: string; testcase: Array<{ name: string; skipped?: { message: string } }> }> };
    };
    const suite = parsed.testsuites.testsuite.find((s) => s.name === 'certification');
    const notCovered = report.certification?.requirements.filter((r) => r.status === 'not-covered') ?? [];
    expect(notCovered.length).toBeGreaterThan(0);
    const skipped = suite?.testcase.filter((t) => t.skipped !== undefined) ?? [];
    expect(skipped.length).toBe(notCovered.length);
    for (const t of skipped) expect(t.skipped?.message).toMatch(/^not covered: needs --/);
  });

  it('summary.md lists the uncovered areas, the request count and the digest', async () => {
    const md = await readFile(join(out, 'summary.md'), 'utf8');
    expect(md).toContain('| area not covered | requirements | missing prerequisite |');
    for (const a of report.certification?.coverage?.filter((x) => !x.covered) ?? []) expect(md).toContain(`| ${a.area} |`);
    expect(md).toContain(`${report.certification?.requests} requests sent to the target.`);
    expect(md).toContain(`sha256 ${report.certification?.digest}`);
    expect(md).toContain('phrony-harness certify --verify report.json');
  });
});
