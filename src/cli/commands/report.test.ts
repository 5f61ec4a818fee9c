import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { command } from './report.js';
import { syntheticReport } from '../../report/synthetic.js';
import { serializeReport } from '../../report/write.js';
import { captureIo, type CapturedIo } from '../../../test/support/capture-io.js';

function fakeIo(cwd: string): CapturedIo {
  return captureIo({ cwd, columns: 100 });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'phrony-report-cmd-'));
  await writeFile(join(dir, 'report.json'), serializeReport(syntheticReport({ durationS: 3, errorRate: 0.1 })));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('report command', () => {
  it('prints Markdown by default and JUnit on request', async () => {
    const io = fakeIo(dir);
    expect(await command(['report.json'], io)).toBe(0);
    expect(io.out.join('')).toMatch(/^## phrony-harness: synthetic: FAIL \(exit 1\)/);
    const io2 = fakeIo(dir);
    expect(await command(['report.json', '--format', 'junit'], io2)).toBe(0);
    expect(new XMLParser().parse(io2.out.join(''), true)).toHaveProperty('testsuites');
  });

  it('writes HTML next to the input, or to --out', async () => {
    const io = fakeIo(dir);
    expect(await command(['report.json', '--format', 'html'], io)).toBe(0);
    expect(io.out.join('')).toBe(`wrote ${join(dir, 'report.html')}\n`);
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    const io2 = fakeIo(dir);
    expect(await command([join(dir, 'report.json'), '--format=md', '--out', 'sub.md'], io2)).toBe(0);
    expect(await readFile(join(dir, 'sub.md'), 'utf8')).toContain('### Steps');
  });

  it('round-trips json and renders the console text', async () => {
    const io = fakeIo(dir);
    expect(await command(['report.json', '--format', 'json'], io)).toBe(0);
    expect(JSON.parse(io.out.join(''))).toEqual(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')));
    const io2 = fakeIo(dir);
    expect(await command(['report.json', '--format', 'text'], io2)).toBe(0);
    expect(io2.out.join('')).toContain('start_poll › create_run');
  });

  it('exits 2 with a clear message on a bad file or bad usage', async () => {
    await writeFile(join(dir, 'bad.json'), '{"schemaVersion": 7}');
    const cases: Array<[string[], RegExp]> = [
      [['bad.json'], /schemaVersion 7 is not supported/],
      [['missing.json'], /cannot read the report \(ENOENT\)/],
      [['report.json', '--format', 'pdf'], /unknown format "pdf"/],
      [[], /expected exactly one report file/],
      [['report.json', '--bogus'], /Unknown option/],
    ];
    for (const [argv, message] of cases) {
      const io = fakeIo(dir);
      expect(await command(argv, io)).toBe(2);
      expect(io.err.join('')).toMatch(message);
      expect(io.out).toEqual([]);
    }
  });
});
