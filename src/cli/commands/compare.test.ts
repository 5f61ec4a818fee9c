import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command } from './compare.js';
import { syntheticReport } from '../../report/synthetic.js';
import { serializeReport } from '../../report/write.js';
import { captureIo, type CapturedIo } from '../../../test/support/capture-io.js';

function fakeIo(cwd: string): CapturedIo {
  return captureIo({ cwd });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'phrony-compare-cmd-'));
  await writeFile(join(dir, 'base.json'), serializeReport(syntheticReport({ seed: 1, jitter: 0.1 })));
  await writeFile(join(dir, 'same.json'), serializeReport(syntheticReport({ seed: 2, jitter: 0.1 })));
  await writeFile(join(dir, 'slow.json'), serializeReport(syntheticReport({ seed: 3, jitter: 0.1, latencyScale: 1.5 })));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('compare command', () => {
  it('exits 0 without a regression and 4 with one', async () => {
    const io = fakeIo(dir);
    expect(await command(['base.json', 'same.json'], io)).toBe(0);
    expect(io.out.join('')).toContain('NO REGRESSION');
    const io2 = fakeIo(dir);
    expect(await command(['base.json', 'slow.json'], io2)).toBe(4);
    expect(io2.out.join('')).toMatch(/REGRESSED[\s\S]*p95 \+\d/);
  });

  it('applies --tolerance', async () => {
    const io = fakeIo(dir);
    expect(await command(['base.json', 'slow.json', '--tolerance', 'p50=200%,p95=200%,p99=200%,rps=50%,errors=5pp'], io)).toBe(0);
  });

  it('renders Markdown and HTML, to stdout or --out', async () => {
    const io = fakeIo(dir);
    expect(await command(['base.json', 'slow.json', '--format', 'md'], io)).toBe(4);
    expect(io.out.join('')).toMatch(/^## phrony-harness compare: REGRESSED/);
    const io2 = fakeIo(dir);
    expect(await command(['base.json', 'slow.json', '--format', 'html', '--out', 'cmp.html'], io2)).toBe(4);
    expect(io2.out.join('')).toBe(`REGRESSED: wrote ${join(dir, 'cmp.html')}\n`);
    expect(await readFile(join(dir, 'cmp.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('exits 2 on bad usage or an invalid report', async () => {
    await writeFile(join(dir, 'broken.json'), '{"schemaVersion": 1}');
    const cases: Array<[string[], RegExp]> = [
      [['base.json'], /expected a baseline and a current report/],
      [['base.json', 'broken.json'], /broken\.json: not a valid report/],
      [['base.json', 'same.json', '--tolerance', 'p95=lots'], /bad tolerance/],
      [['base.json', 'same.json', '--format', 'pdf'], /unknown format/],
    ];
    for (const [argv, message] of cases) {
      const io = fakeIo(dir);
      expect(await command(argv, io)).toBe(2);
      expect(io.err.join('')).toMatch(message);
    }
  });
});
