import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { suitesDir } from '../../src/paths.js';
import { loadSuiteFile } from '../../src/suite/load.js';
import { formatProblem } from '../../src/suite/problem.js';

describe('the suite loader on a certification plan', () => {
  it('points to certify with one located problem instead of unknown keys', async () => {
    const file = join(suitesDir, 'conformance.yaml');
    const r = await loadSuiteFile(file);
    const line = (await readFile(file, 'utf8')).split('\n').findIndex((l) => l.startsWith('kind:')) + 1;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map(formatProblem)).toEqual([
      `${file}:${line}:7: error: this file is a certification plan (kind: certification), not a suite\n  hint: run it with \`phrony-harness certify\` (see src/certify/README.md)`,
    ]);
  });
});
