import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { appendStepSummary, writeFileAtomic, writeReportFolder } from './write.js';
import { readReport, validateReport } from './read.js';
import { syntheticReport } from './synthetic.js';
import { ReportError } from './errors.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'phrony-report-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeReportFolder', () => {
  it('creates the folder and writes the four files, with no temp files left', async () => {
    const report = syntheticReport({ durationS: 5, errorRate: 0.05 });
    const out = join(dir, 'nested', 'run-1');
    const { files } = await writeReportFolder(out, report);
    expect(files.map((f) => f.slice(out.length + 1))).toEqual(['report.json', 'report.html', 'junit.xml', 'summary.md']);
    expect((await readdir(out)).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'summary.md']);
    expect(await readReport(join(out, 'report.json'))).toEqual(report);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(new XMLParser().parse(junit, true)).toHaveProperty('testsuites');
    expect(await readFile(join(out, 'summary.md'), 'utf8')).toContain('## phrony-harness: synthetic');
  });

  it('fails with REPORT_WRITE_FAILED naming the path and the OS reason when the parent is a file', async () => {
    const blocker = join(dir, 'not-a-dir');
    await writeFile(blocker, 'x');
    const err = await writeReportFolder(join(blocker, 'run'), syntheticReport({ durationS: 1 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReportError);
    expect((err as ReportError).code).toBe('REPORT_WRITE_FAILED');
    expect((err as ReportError).message).toContain(join(blocker, 'run'));
    expect((err as ReportError).message).toMatch(/ENOTDIR|EEXIST/);
    expect(await readdir(dir)).toEqual(['not-a-dir']);
  });

  it('leaves neither a partial file nor a temp file when a single write fails', async () => {
    const target = join(dir, 'report.json');
    await writeFile(target, 'previous complete content');
    // The file path's parent is a regular file: open fails with ENOTDIR.
    const bad = join(target, 'report.json');
    const err = await writeFileAtomic(bad, '{}').catch((e: unknown) => e);
    expect((err as ReportError).code).toBe('REPORT_WRITE_FAILED');
    expect((err as ReportError).message).toContain('ENOTDIR');
    expect(await readFile(target, 'utf8')).toBe('previous complete content');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces an existing file atomically', async () => {
    const target = join(dir, 'summary.md');
    await writeFileAtomic(target, 'one');
    await writeFileAtomic(target, 'two');
    expect(await readFile(target, 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['summary.md']);
  });

  it('appends to a step summary file', async () => {
    const file = join(dir, 'step-summary.md');
    await appendStepSummary(file, '# one');
    await appendStepSummary(file, '# two\n');
    expect(await readFile(file, 'utf8')).toBe('# one\n# two\n');
    const err = await appendStepSummary(join(file, 'x'), 'y').catch((e: unknown) => e);
    expect((err as ReportError).code).toBe('REPORT_WRITE_FAILED');
  });
});

describe('report schema and readReport', () => {
  it('validates built reports, including certification and a failing run', () => {
    const report = syntheticReport({ durationS: 3, errorRate: 0.2 });
    report.certification = { verdict: 'CERTIFIED', requirements: [{ id: 'A', statement: 's', level: 'SHOULD', section: 'x', status: 'warn' }] };
    expect(validateReport(report)).toEqual([]);
  });

  it('catches a broken report', () => {
    const report = syntheticReport({ durationS: 1 }) as unknown as Record<string, unknown>;
    const broken = structuredClone(report);
    delete broken['totals'];
    expect(validateReport(broken).join('\n')).toContain("must have required property 'totals'");
    const badHist = structuredClone(report) as { flows: Array<{ duration: { p95: unknown } }> };
    const flow = badHist.flows[0];
    if (flow) flow.duration.p95 = 'fast';
    expect(validateReport(badHist).join('\n')).toContain('/flows/0/duration/p95');
  });

  it('rejects other schema versions and invalid files with REPORT_INVALID and a location', async () => {
    const file = join(dir, 'r.json');
    await writeFile(file, JSON.stringify({ ...syntheticReport({ durationS: 1 }), schemaVersion: 2 }));
    await expect(readReport(file)).rejects.toMatchObject({ code: 'REPORT_INVALID', location: `${file}#/schemaVersion` });
    await expect(readReport(file)).rejects.toThrow(/schemaVersion 2 is not supported/);
    await writeFile(file, '{"schemaVersion": 1, "kind": "run"');
    await expect(readReport(file)).rejects.toMatchObject({ code: 'REPORT_INVALID', message: expect.stringMatching(/not JSON/) });
    const noVerdict = { ...syntheticReport({ durationS: 1 }) } as Record<string, unknown>;
    delete noVerdict['verdict'];
    await writeFile(file, JSON.stringify(noVerdict));
    await expect(readReport(file)).rejects.toMatchObject({ code: 'REPORT_INVALID', location: `${file}#` });
    await expect(readReport(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'REPORT_INVALID', message: expect.stringMatching(/ENOENT/) });
  });
});
