import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../report/model.js';
import { syntheticReport } from '../../report/synthetic.js';
import { serializeReport } from '../../report/write.js';
import { command } from './merge.js';
import { captureIo, type CapturedIo } from '../../../test/support/capture-io.js';

function fakeIo(cwd: string): CapturedIo {
  return captureIo({ cwd });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'phrony-merge-cmd-'));
  await writeFile(join(dir, 'a.json'), serializeReport(syntheticReport({ seed: 1, durationS: 5 })));
  await writeFile(join(dir, 'b.json'), serializeReport(syntheticReport({ seed: 2, durationS: 5, startMs: Date.UTC(2026, 0, 1, 0, 0, 2) })));
  await writeFile(join(dir, 'failing.json'), serializeReport(syntheticReport({ seed: 3, durationS: 5, errorRate: 0.2 })));
  await writeFile(join(dir, 'other.json'), serializeReport(syntheticReport({ seed: 4, durationS: 5, digest: 'f'.repeat(64) })));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function merged(out: string): Promise<Report> {
  return JSON.parse(await readFile(join(dir, out, 'report.json'), 'utf8')) as Report;
}

describe('merge command', () => {
  it('writes the merged folder, prints the summary and exits 0 when every shard passed', async () => {
    const io = fakeIo(dir);
    expect(await command(['a.json', 'b.json', '--out', 'ab'], io)).toBe(0);
    expect(io.out.join('')).toContain('merged 2 reports');
    const m = await merged('ab');
    const [a, b] = [JSON.parse(await readFile(join(dir, 'a.json'), 'utf8')) as Report, JSON.parse(await readFile(join(dir, 'b.json'), 'utf8')) as Report];
    expect(m.run.mergedFrom).toBe(2);
    expect(m.totals.requests).toBe(a.totals.requests + b.totals.requests);
    expect(m.totals.latency.count).toBe(a.totals.latency.count + b.totals.latency.count);
  });

  it('exits with the merged verdict', async () => {
    const io = fakeIo(dir);
    const code = await command(['a.json', 'failing.json', '--out', 'af'], io);
    expect(code).toBe((await merged('af')).verdict.exitCode);
    expect(code).not.toBe(0);
  });

  it('exits 2 for reports of different suites, a missing --out or an unreadable file', async () => {
    const mismatch = fakeIo(dir);
    expect(await command(['a.json', 'other.json', '--out', 'x'], mismatch)).toBe(2);
    expect(mismatch.err.join('')).toContain('different suite');
    const noOut = fakeIo(dir);
    expect(await command(['a.json'], noOut)).toBe(2);
    expect(noOut.err.join('')).toContain('--out DIR is required');
    const missing = fakeIo(dir);
    expect(await command(['nope.json', '--out', 'y'], missing)).toBe(2);
    expect(missing.err.join('')).toContain('cannot read the report');
  });

  it('prints its help', async () => {
    const io = fakeIo(dir);
    expect(await command(['--help'], io)).toBe(0);
    expect(io.out.join('')).toContain('Usage: phrony-harness merge');
  });
});
