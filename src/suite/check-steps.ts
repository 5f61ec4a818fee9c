/**
 * Semantic checks on flows and steps, beyond the schema: unique names, exactly one kind per
 * step, keys allowed per kind, assertion paths and regexes, capture names, upload sources,
 * message actions and `requires`.
 */
import { asArray, field, isRecord } from './context.js';
import type { CheckContext } from './context.js';
import { closeNames, didYouMean } from './did-you-mean.js';
import { compilePath } from '../checks/path.js';
import { isKnownSchema, knownSchemas } from './known-schemas.js';
import type { DataPath } from './source.js';
import { RESERVED_NAMES } from './template.js';
import { STEP_KINDS, variableNames } from './walk.js';
import type { RawFlow, RawStep, StepKind } from './walk.js';

/** Keys beside `name` and the kind that each kind accepts. */
export const KIND_EXTRAS: Readonly<Record<StepKind, readonly string[]>> = {
  request: ['expect', 'capture'],
  poll: ['expect', 'capture'],
  message: ['expect', 'capture'],
  blast: ['expect'],
  upload: [],
  stream: [],
};

const KIND_LIST = STEP_KINDS.join(', ');

export interface StepCheckOptions {
  /** Whether an upload `file` (as written) exists; undefined skips the check (pure loading). */
  fileExists?: (file: string) => boolean;
}

export function checkNames(ctx: CheckContext, flows: RawFlow[]): void {
  const flowNames = new Map<string, DataPath>();
  const stepNames = new Map<string, DataPath>();
  for (const flow of flows) {
    duplicate(ctx, 'flow', flow.name, flow.path, flowNames);
    for (const step of flow.steps) duplicate(ctx, 'step', step.name, step.path, stepNames);
  }
}

function duplicate(ctx: CheckContext, what: string, name: string | undefined, path: DataPath, seen: Map<string, DataPath>): void {
  if (name === undefined) return;
  const first = seen.get(name);
  if (first === undefined) {
    seen.set(name, path);
    return;
  }
  const line = ctx.source.locate([...first, 'name']).line;
  const why = what === 'step' ? ' (step names are unique across the suite: they name metrics)' : '';
  ctx.report([...path, 'name'], `DUPLICATE_${what.toUpperCase()}`, `duplicate ${what} name "${name}", first used at line ${line}${why}`);
}

export function checkSteps(ctx: CheckContext, flows: RawFlow[], options: StepCheckOptions): void {
  const vars = variableNames(ctx.data);
  for (const name of Object.keys(field(ctx.data, 'variables') ?? {})) {
    if (RESERVED_NAMES.has(name)) {
      ctx.report(['variables', name], 'RESERVED_NAME', `variable name "${name}" shadows a built-in`, { anchor: 'key', hint: `reserved names: ${[...RESERVED_NAMES].join(', ')}` });
    }
  }
  for (const flow of flows) {
    checkRequires(ctx, flow, vars);
    const weight = flow.data.weight;
    if (weight === 0) {
      ctx.report([...flow.path, 'weight'], 'ZERO_WEIGHT', `flow "${flow.name ?? ''}" has weight 0 and never runs under load`, { severity: 'warning' });
    }
    for (const step of flow.steps) checkStep(ctx, step, options);
  }
}

function checkRequires(ctx: CheckContext, flow: RawFlow, vars: Set<string>): void {
  asArray(flow.data.requires).forEach((name, i) => {
    if (typeof name !== 'string' || vars.has(name)) return;
    ctx.report([...flow.path, 'requires', i], 'UNKNOWN_VARIABLE', `requires names unknown variable "${name}" (flow "${flow.name ?? ''}")`, {
      hint: didYouMean(name, vars) ?? 'declare it under variables:, e.g. ' + `${name}: \${{ env.${name.toUpperCase()} }}`,
    });
  });
}

function checkStep(ctx: CheckContext, step: RawStep, options: StepCheckOptions): void {
  const label = `step "${step.name ?? '?'}"`;
  const [kind, second] = step.kinds;
  if (kind === undefined) {
    // A misspelt kind ("reqest") is reported as an unknown key with a suggestion; say it once.
    const known = new Set(['name', 'expect', 'capture']);
    if (Object.keys(step.data).some((k) => !known.has(k))) return;
    ctx.report(step.path, 'STEP_KIND', `${label} must have exactly one of ${KIND_LIST}`, { anchor: 'value' });
    return;
  }
  if (second !== undefined) {
    ctx.report([...step.path, second], 'STEP_KIND', `${label} has ${step.kinds.length} kinds (${step.kinds.join(', ')}): a step must have exactly one of ${KIND_LIST}`, { anchor: 'key', hint: 'split it into separate steps' });
    return;
  }
  for (const key of Object.keys(step.data)) {
    if (key === 'name' || key === kind || (STEP_KINDS as readonly string[]).includes(key)) continue;
    if ((KIND_EXTRAS[kind] as readonly string[]).includes(key) || !['expect', 'capture'].includes(key)) continue;
    ctx.report([...step.path, key], 'KEY_NOT_ALLOWED', `"${key}" is not allowed on ${article(kind)} ${kind} step (${label})`, { anchor: 'key', hint: extraHint(kind) });
  }
  checkExpect(ctx, step, kind);
  checkCaptures(ctx, step);
  const body = step.data[kind];
  checkSchemaName(ctx, field(step.data.expect, 'schema'), [...step.path, 'expect', 'schema'], label);
  if (kind === 'stream') checkSchemaName(ctx, field(body, 'eventSchema'), [...step.path, 'stream', 'eventSchema'], label);
  if (kind === 'poll') checkAssertion(ctx, field(body, 'until'), [...step.path, 'poll', 'until'], label);
  if (kind === 'upload') checkUpload(ctx, body, [...step.path, 'upload'], label, options);
  if (kind === 'message') checkMessage(ctx, body, [...step.path, 'message'], label);
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

function extraHint(kind: StepKind): string {
  if (kind === 'upload') return 'an upload step sets <as>.objectKey, <as>.leaf, <as>.fileRef and <as>.fileItem for later steps';
  if (kind === 'stream') return 'a stream step checks each event against its eventSchema and stops at until';
  return 'a blast step accepts expect: { status } only';
}

function checkExpect(ctx: CheckContext, step: RawStep, kind: StepKind): void {
  const expect = step.data.expect;
  if (!isRecord(expect)) return;
  const label = `step "${step.name ?? '?'}"`;
  if (kind === 'blast') {
    for (const key of Object.keys(expect)) {
      if (key !== 'status') ctx.report([...step.path, 'expect', key], 'KEY_NOT_ALLOWED', `expect.${key} is not allowed on a blast step (${label})`, { anchor: 'key', hint: 'a blast step accepts expect: { status } only' });
    }
  }
  asArray(expect.body).forEach((a, i) => checkAssertion(ctx, a, [...step.path, 'expect', 'body', i], label));
  const headers = expect.headers;
  if (isRecord(headers)) {
    for (const [name, a] of Object.entries(headers)) checkRegex(ctx, field(a, 'matches'), [...step.path, 'expect', 'headers', name, 'matches'], label);
  }
}

const OPERATORS = ['equals', 'exists', 'matches', 'oneOf'];

function checkAssertion(ctx: CheckContext, assertion: unknown, path: DataPath, label: string): void {
  if (!isRecord(assertion)) return;
  const p = assertion.path;
  if (typeof p === 'string') checkPath(ctx, p, [...path, 'path'], label);
  if (!OPERATORS.some((op) => Object.hasOwn(assertion, op))) {
    ctx.report(path, 'NO_OPERATOR', `assertion on "${String(p)}" needs one of ${OPERATORS.join(', ')} (${label})`);
  }
  checkRegex(ctx, assertion.matches, [...path, 'matches'], label);
}

/**
 * Paths are compiled by the same code that resolves them at run time (src/checks/path.ts), so
 * that what validates is what runs; JSON Pointer escapes are checked here as well (RFC 6901).
 */
function checkPath(ctx: CheckContext, path: string, at: DataPath, label: string): void {
  const hint = 'e.g. /status, /items/0/id or $.items[0].id';
  if (path.startsWith('/') && /~(?![01])/.test(path)) {
    ctx.report(at, 'BAD_PATH', `bad escape in JSON Pointer "${path}": "~" must be followed by 0 or 1 (${label})`, { hint });
    return;
  }
  try {
    compilePath(path);
  } catch (err) {
    ctx.report(at, 'BAD_PATH', `${err instanceof Error ? err.message : 'invalid path'} (${label})`, { hint });
  }
}

function checkRegex(ctx: CheckContext, pattern: unknown, at: DataPath, label: string): void {
  if (typeof pattern !== 'string') return;
  try {
    new RegExp(pattern);
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : 'invalid';
    ctx.report(at, 'BAD_REGEX', `invalid regular expression in matches (${label}): ${reason}`);
  }
}

function checkSchemaName(ctx: CheckContext, ref: unknown, at: DataPath, label: string): void {
  if (typeof ref !== 'string' || isKnownSchema(ref)) return;
  const stems = [...knownSchemas().stems].filter((s) => s !== 'suite' && s !== 'report').sort();
  ctx.report(at, 'UNKNOWN_SCHEMA', `unknown schema "${ref}" (${label})`, { hint: nameHint(ref, stems, 'schemas') });
}

function checkCaptures(ctx: CheckContext, step: RawStep): void {
  const capture = step.data.capture;
  if (!isRecord(capture)) return;
  const label = `step "${step.name ?? '?'}"`;
  for (const [name, spec] of Object.entries(capture)) {
    const at: DataPath = [...step.path, 'capture', name];
    if (RESERVED_NAMES.has(name)) {
      ctx.report(at, 'RESERVED_NAME', `capture name "${name}" shadows a built-in (${label})`, { anchor: 'key', hint: `reserved names: ${[...RESERVED_NAMES].join(', ')}` });
    }
    if (typeof spec === 'string') checkPath(ctx, spec, at, label);
    else if (typeof field(spec, 'path') === 'string') checkPath(ctx, field(spec, 'path') as string, [...at, 'path'], label);
  }
}

function checkUpload(ctx: CheckContext, upload: unknown, path: DataPath, label: string, options: StepCheckOptions): void {
  if (!isRecord(upload)) return;
  const hasFile = Object.hasOwn(upload, 'file');
  const hasGenerate = Object.hasOwn(upload, 'generate');
  if (hasFile === hasGenerate) {
    ctx.report(hasFile ? [...path, 'generate'] : path, 'UPLOAD_SOURCE', `upload needs exactly one of file or generate (${label})`, { anchor: 'key', hint: 'file: ./fixtures/doc.pdf, or generate: { size: 64KiB }' });
  }
  const as = upload.as;
  if (typeof as === 'string' && RESERVED_NAMES.has(as)) {
    ctx.report([...path, 'as'], 'RESERVED_NAME', `upload name "${as}" shadows a built-in (${label})`);
  }
  const file = upload.file;
  if (typeof file === 'string' && options.fileExists !== undefined && !options.fileExists(file)) {
    ctx.report([...path, 'file'], 'FILE_NOT_FOUND', `upload file "${file}" does not exist (${label})`, { hint: 'paths are relative to the suite file' });
  }
}

const MESSAGE_ACTIONS = ['text', 'approve', 'reject', 'files', 'skipWait'];

function checkMessage(ctx: CheckContext, message: unknown, path: DataPath, label: string): void {
  if (!isRecord(message)) return;
  const actions = MESSAGE_ACTIONS.filter((a) => Object.hasOwn(message, a));
  if (actions.length === 1) return;
  const at: DataPath = actions.length > 1 ? [...path, actions[1] ?? ''] : path;
  const got = actions.length === 0 ? 'none' : actions.join(', ');
  ctx.report(at, 'MESSAGE_ACTION', `message needs exactly one of ${MESSAGE_ACTIONS.join(', ')} (${label}), got ${got}`, { anchor: actions.length > 1 ? 'key' : 'value' });
}

/** Names close to `name` for hints: "did you mean …" or the list itself when short. */
export function nameHint(name: string, known: Iterable<string>, what: string): string | undefined {
  const list = [...known];
  const close = closeNames(name, list);
  if (close.length > 0) return `did you mean ${close.map((c) => `"${c}"`).join(' or ')}?`;
  if (list.length === 0) return undefined;
  const shown = list.slice(0, 12).join(', ');
  return `known ${what}: ${shown}${list.length > 12 ? ', …' : ''}`;
}
