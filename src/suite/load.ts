/**
 * Loading a suite: YAML (with positions) → schema → semantic checks → normalized model.
 * Every problem is collected with its file:line:col; nothing here throws on bad input.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { Document, YAMLError } from 'yaml';
import { checkLoad } from './check-load.js';
import { checkNames, checkSteps } from './check-steps.js';
import type { StepCheckOptions } from './check-steps.js';
import { checkTemplates } from './check-templates.js';
import { checkThresholds } from './check-thresholds.js';
import { CheckContext } from './context.js';
import { normalizeSuite } from './normalize.js';
import { sortProblems } from './problem.js';
import type { Problem } from './problem.js';
import { checkSchema } from './schema-check.js';
import { SourceDoc } from './source.js';
import { rawFlows } from './walk.js';
import type { Suite } from './types.js';

export { formatProblem } from './problem.js';
export type { Problem } from './problem.js';

export type LoadResult = { ok: true; suite: Suite; warnings: Problem[] } | { ok: false; problems: Problem[] };

/** Aliases expanded at most this many times: a "billion laughs" document is an error, not a hang. */
const MAX_ALIAS_COUNT = 100;

/**
 * Loads a suite from text. Pure: it reads no user files (upload files are not checked) and
 * `file` only labels problems; only the packaged schemas are read, once.
 */
export function loadSuiteText(text: string, file: string): LoadResult {
  return analyze(text, file, {});
}

/** Reads a suite file, digests its bytes, checks and resolves upload files relative to it. */
export async function loadSuiteFile(path: string): Promise<LoadResult> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (!info.isFile()) return readFailure(path, 'is not a file');
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return readFailure(path, code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? 'error'})`);
  }
  const base = dirname(resolve(path));
  const absolute = (f: string): string => (isAbsolute(f) ? f : resolve(base, f));
  const fileExists = (f: string): boolean => {
    try {
      return statSync(absolute(f)).isFile();
    } catch {
      return false;
    }
  };
  const result = analyze(bytes.toString('utf8'), path, { fileExists }, sha256(bytes));
  if (!result.ok) return result;
  const suite: Suite = { ...result.suite, file: resolve(path) };
  for (const flow of suite.flows) {
    for (const step of flow.steps) {
      if (step.kind === 'upload' && step.upload.file !== undefined) step.upload.file = absolute(step.upload.file);
    }
  }
  return { ...result, suite };
}

function readFailure(file: string, why: string): LoadResult {
  return { ok: false, problems: [{ file, line: 1, col: 1, code: 'READ_FAILED', message: `cannot read suite: ${why}`, severity: 'error' }] };
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function analyze(text: string, file: string, options: StepCheckOptions, digest = sha256(text)): LoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, keepSourceTokens: true, prettyErrors: true });
  const source = new SourceDoc(doc, lines, text);
  const yamlProblems = [
    ...doc.errors.map((e) => yamlProblem(e, file, source, 'error')),
    ...doc.warnings.map((e) => yamlProblem(e, file, source, 'warning')),
  ];
  if (doc.errors.length > 0) return { ok: false, problems: sortProblems(yamlProblems) };
  const data = toData(doc);
  if (data instanceof Error) {
    return { ok: false, problems: [{ file, line: 1, col: 1, code: 'YAML_ALIAS', message: `cannot expand the document: ${data.message}`, severity: 'error' }] };
  }
  const plan = certificationPlan(data, file, source);
  if (plan !== undefined) return { ok: false, problems: [plan] };
  const ctx = new CheckContext(file, source, data);
  ctx.problems.push(...yamlProblems);
  const schemaOk = checkSchema(ctx);
  const flows = rawFlows(data);
  checkNames(ctx, flows);
  checkSteps(ctx, flows, options);
  checkTemplates(ctx, flows);
  checkLoad(ctx);
  checkThresholds(ctx, flows);
  const problems = sortProblems(ctx.problems);
  if (!schemaOk || ctx.hasErrors) return { ok: false, problems };
  return { ok: true, suite: normalizeSuite(ctx, digest), warnings: problems };
}

/**
 * A certification plan (`kind: certification`, suites/conformance.yaml) is not a load suite:
 * one clear problem pointing to `certify` instead of a list of unknown keys.
 */
function certificationPlan(data: unknown, file: string, source: SourceDoc): Problem | undefined {
  if (typeof data !== 'object' || data === null || (data as Record<string, unknown>)['kind'] !== 'certification') return undefined;
  const { line, col } = source.locate(['kind']);
  return {
    file, line, col, code: 'CERTIFICATION_PLAN', severity: 'error',
    message: 'this file is a certification plan (kind: certification), not a suite',
    hint: 'run it with `phrony-harness certify` (see src/certify/README.md)',
  };
}

function toData(doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

function yamlProblem(error: YAMLError, file: string, source: SourceDoc, severity: Problem['severity']): Problem {
  const pos = error.linePos?.[0] ?? source.position(error.pos[0]);
  // prettyErrors appends " at line L, column C:\n\n<excerpt>"; the position is reported apart.
  const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.message;
  return { file, line: Math.max(1, pos.line), col: Math.max(1, pos.col), code: `YAML_${error.code}`, message: lowerFirst(message), severity };
}

function lowerFirst(text: string): string {
  return /^[A-Z](?:[a-z]|\s)/.test(text) ? text[0]?.toLowerCase() + text.slice(1) : text;
}
