/**
 * Property test: whatever text the loader is given (mutated valid suites, random YAML
 * documents, random strings), it never throws, and it returns either a suite or a list of
 * located problems (line >= 1, col >= 1, a message). The `validate` command itself is then
 * fed the same kinds of files: it exits 0 or 2, prints an ok line or located errors for each
 * file, and never a stack trace.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { command as validate } from '../cli/commands/validate.js';
import { loadSuiteText } from './load.js';
import type { LoadResult } from './load.js';

const smokeText = readFileSync(fileURLToPath(new URL('../../test/fixtures/suites/valid/smoke.yaml', import.meta.url)), 'utf8');
const openText = readFileSync(fileURLToPath(new URL('../../test/fixtures/suites/valid/open-model.yaml', import.meta.url)), 'utf8');
const smokeData = parse(smokeText) as unknown;

function checkResult(text: string): void {
  let result: LoadResult;
  try {
    result = loadSuiteText(text, 'fuzz.yaml');
  } catch (err) {
    throw new Error(`loader threw on ${JSON.stringify(text.slice(0, 300))}: ${String(err)}`);
  }
  // Plain checks rather than expect(): this runs thousands of times and must stay fast.
  if (result.ok) {
    if (result.suite.flows.length === 0) throw new Error('a loaded suite has no flows');
    if (result.warnings.some((w) => w.severity !== 'warning')) throw new Error('an error among the warnings');
    return;
  }
  if (!result.problems.some((p) => p.severity === 'error')) throw new Error('rejected without an error');
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const p of result.problems) {
    const located = Number.isInteger(p.line) && p.line >= 1 && p.line <= lines + 1 && Number.isInteger(p.col) && p.col >= 1;
    if (!located || typeof p.message !== 'string' || p.message === '' || p.file !== 'fuzz.yaml') {
      throw new Error(`bad problem ${JSON.stringify(p)} for ${JSON.stringify(text.slice(0, 300))}`);
    }
  }
}

/** Text edits: delete, insert, replace a slice of a valid suite. */
const textMutation = (base: string): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.nat({ max: base.length }),
      fc.nat({ max: 40 }),
      fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom('\t', '  ', '\n', ':', '- ', '{', '}', '[', ']', '"', "'", '&a ', '*a', '${{', '}}', '#', '---\n', '? ', '!!str ', '%'),
      ),
    )
    .map(([at, len, insert]) => base.slice(0, at) + insert + base.slice(Math.min(base.length, at + len)));

/** Line edits: swap, duplicate or re-indent lines. */
const lineMutation = (base: string): fc.Arbitrary<string> => {
  const lines = base.split('\n');
  return fc
    .tuple(fc.nat({ max: lines.length - 1 }), fc.nat({ max: lines.length - 1 }), fc.constantFrom('swap', 'dup', 'indent', 'dedent', 'drop'))
    .map(([a, b, op]) => {
      const copy = [...lines];
      const la = copy[a] ?? '';
      if (op === 'swap') [copy[a], copy[b]] = [copy[b] ?? '', la];
      else if (op === 'dup') copy.splice(b, 0, la);
      else if (op === 'indent') copy[a] = `  ${la}`;
      else if (op === 'dedent') copy[a] = la.replace(/^ {1,2}/, '');
      else copy.splice(a, 1);
      return copy.join('\n');
    });
};

type Json = unknown;

function paths(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

const allPaths = paths(smokeData).filter((p) => p.length > 0);

function setAt(root: Json, path: Array<string | number>, op: 'set' | 'delete' | 'rename', value: Json, newKey: string): Json {
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node: Record<string | number, Json> = copy;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, Json>;
  const last = path[path.length - 1] ?? '';
  if (op === 'set') node[last] = value;
  else if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
  else if (op === 'delete') delete node[last];
  else {
    node[newKey] = node[last];
    delete node[last];
  }
  return copy;
}

/** Structural edits of the smoke suite: replace, delete or rename one node. */
const structuralMutation: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...allPaths),
    fc.constantFrom('set', 'delete', 'rename') as fc.Arbitrary<'set' | 'delete' | 'rename'>,
    fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom('10x', '2xx', '-1', '${{ nope }}', '${{ runId', 'p(95) <', '^(', '/a/~2', 'vu', '', null, 0, true),
    ),
    fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('reqest', 'polll', 'as', 'vu', 'name')),
  )
  .map(([path, op, value, key]) => stringify(setAt(smokeData, path, op, value, key)));

describe('loader fuzzing', () => {
  // Compiles the schema once, so that the first property does not pay for it.
  beforeAll(() => checkResult(smokeText));

  it('never throws on mutated valid suites (text edits)', () => {
    fc.assert(fc.property(fc.oneof(textMutation(smokeText), textMutation(openText)), checkResult), { numRuns: 300 });
  });

  it('never throws on mutated valid suites (line edits)', () => {
    fc.assert(fc.property(lineMutation(smokeText), checkResult), { numRuns: 150 });
  });

  it('never throws on structurally mutated suites', () => {
    fc.assert(fc.property(structuralMutation, checkResult), { numRuns: 250 });
  });

  it('never throws on random YAML documents', () => {
    const doc = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => stringify(v)),
      fc.record({ name: fc.jsonValue({ maxDepth: 1 }), flows: fc.jsonValue({ maxDepth: 4 }) }, { requiredKeys: [] }).map((v) => stringify(v)),
    );
    fc.assert(fc.property(doc, checkResult), { numRuns: 600 });
  });

  it('never throws on random strings', () => {
    const text = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: fc.constantFrom('a', ':', ' ', '\n', '-', '\t', '{', '}', '[', ']', '&', '*', '!', '|', '>', '"', "'", '#', '%', '@', '`', '$'), maxLength: 120 }));
    fc.assert(fc.property(text, checkResult), { numRuns: 1200 });
  });

  it('refuses alias bombs quickly', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n');
    const started = performance.now();
    checkResult(bomb);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('validate command fuzzing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phrony-validate-fuzz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;
  const LOCATED = /^.+\.yaml:\d+:\d+: (error|warning): .+/;
  let run = 0;

  /** Writes each text to a real file, runs `validate` on all of them at once, checks the output. */
  async function checkValidate(texts: string[]): Promise<void> {
    run += 1;
    const files = texts.map((text, i) => {
      const file = join(dir, `r${run}-${i}.yaml`);
      writeFileSync(file, text);
      return file;
    });
    let out = '';
    let err = '';
    const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t), env: {}, cwd: dir, isTTY: false, signal: new AbortController().signal };
    const code = await validate(files, io);
    const all = out + err;
    if (FRAME.test(all) || /internal error/i.test(all)) throw new Error(`stack trace or internal error:\n${all.slice(0, 2000)}`);
    if (code !== 0 && code !== 2) throw new Error(`exit ${code}`);
    for (const file of files) {
      const lines = all.split('\n').filter((l) => l.startsWith(file) || l.startsWith(`ok ${file}`));
      const ok = lines.some((l) => l.startsWith(`ok ${file} `));
      const located = lines.filter((l) => LOCATED.test(l) && l.startsWith(`${file}:`));
      if (!ok && !located.some((l) => l.includes(': error: '))) throw new Error(`${file}: neither ok nor a located error:\n${all.slice(0, 2000)}`);
    }
  }

  it('mutated suites and random YAML: exit 0 or 2, ok or located errors per file, never a stack trace', async () => {
    const any = fc.oneof(
      textMutation(smokeText),
      lineMutation(smokeText),
      structuralMutation,
      fc.jsonValue({ maxDepth: 3 }).map((v) => stringify(v)),
      fc.string({ maxLength: 120 }),
      fc.string({ unit: 'binary', maxLength: 120 }),
    );
    await fc.assert(fc.asyncProperty(fc.array(any, { minLength: 1, maxLength: 4 }), checkValidate), { numRuns: 250 });
  });
});
