/**
 * Static checks of `${{ }}` templates: syntax, and that every reference resolves to a suite
 * variable, `env.*`, a built-in, or a capture / upload set by an EARLIER step of the same flow.
 */
import { field, isRecord } from './context.js';
import type { CheckContext } from './context.js';
import { nameHint } from './check-steps.js';
import type { DataPath } from './source.js';
import { hasTemplate, parseTemplate } from './template.js';
import type { TemplateExpr } from './template.js';
import { strings, variableNames } from './walk.js';
import type { RawFlow, RawStep } from './walk.js';

/** Fields an upload step sets under its `as` name. */
export const UPLOAD_FIELDS = ['objectKey', 'leaf', 'fileRef', 'fileItem'] as const;

interface Names {
  vars: Set<string>;
  captures: Set<string>;
  uploads: Set<string>;
  /** Names set by this step or a later one of the flow, to say "used before it is captured". */
  later: Map<string, string>;
  /** Whether captures and uploads exist here at all (false in target and variables). */
  inFlow: boolean;
  /** Whether vu, iteration and flow are available (false in variables, rendered once). */
  perIteration: boolean;
}

export function checkTemplates(ctx: CheckContext, flows: RawFlow[]): void {
  const vars = variableNames(ctx.data);
  checkVariables(ctx);
  const target = field(ctx.data, 'target');
  const targetNames: Names = { vars, captures: new Set(), uploads: new Set(), later: new Map(), inFlow: false, perIteration: true };
  for (const key of ['baseUrl', 'headers']) checkValue(ctx, field(target, key), ['target', key], targetNames);
  for (const flow of flows) checkFlow(ctx, flow, vars);
}

function checkVariables(ctx: CheckContext): void {
  const variables = field(ctx.data, 'variables');
  if (!isRecord(variables)) return;
  const earlier = new Set<string>();
  for (const [name, value] of Object.entries(variables)) {
    const names: Names = { vars: new Set(earlier), captures: new Set(), uploads: new Set(), later: new Map(), inFlow: false, perIteration: false };
    checkValue(ctx, value, ['variables', name], names);
    earlier.add(name);
  }
}

function setBy(step: RawStep): { captures: string[]; upload?: string } {
  const capture = step.data.capture;
  const captures = isRecord(capture) ? Object.keys(capture) : [];
  if (!step.kinds.includes('upload')) return { captures };
  const as = field(step.data.upload, 'as');
  const upload = typeof as === 'string' ? as : step.name;
  return upload === undefined ? { captures } : { captures, upload };
}

function checkFlow(ctx: CheckContext, flow: RawFlow, vars: Set<string>): void {
  const captures = new Set<string>();
  const uploads = new Set<string>();
  flow.steps.forEach((step, index) => {
    const later = new Map<string, string>();
    for (const next of flow.steps.slice(index)) {
      const set = setBy(next);
      for (const name of [...set.captures, ...(set.upload === undefined ? [] : [set.upload])]) {
        if (!later.has(name)) later.set(name, next === step ? 'this same step' : `step "${next.name ?? '?'}"`);
      }
    }
    const names: Names = { vars, captures: new Set(captures), uploads: new Set(uploads), later, inFlow: true, perIteration: true };
    for (const [key, value] of Object.entries(step.data)) {
      if (key !== 'name' && key !== 'capture') checkValue(ctx, value, [...step.path, key], names);
    }
    const set = setBy(step);
    set.captures.forEach((c) => captures.add(c));
    if (set.upload !== undefined) uploads.add(set.upload);
  });
}

function checkValue(ctx: CheckContext, value: unknown, path: DataPath, names: Names): void {
  for (const [text, at] of strings(value, path)) {
    if (hasTemplate(text)) checkString(ctx, text, at, names);
  }
}

function checkString(ctx: CheckContext, text: string, path: DataPath, names: Names): void {
  const parsed = parseTemplate(text);
  if (!parsed.ok) {
    const needle = text.slice(parsed.index, text.indexOf('}}', parsed.index) < 0 ? undefined : text.indexOf('}}', parsed.index) + 2);
    ctx.report(path, 'TEMPLATE_SYNTAX', `bad template: ${parsed.error}`, { at: ctx.source.locateText(path, needle) });
    return;
  }
  for (const part of parsed.parts) {
    if (part.kind !== 'expr') continue;
    const needle = text.slice(part.start, text.indexOf('}}', part.start) + 2);
    const problem = resolve(part.expr, names);
    if (problem !== undefined) {
      ctx.report(path, problem.code, problem.message, { hint: problem.hint, at: ctx.source.locateText(path, needle) });
    }
  }
}

interface RefProblem {
  code: string;
  message: string;
  hint?: string | undefined;
}

function resolve(expr: TemplateExpr, names: Names): RefProblem | undefined {
  const shown = `\${{ ${expr.source} }}`;
  if (expr.kind === 'call' || (expr.kind === 'path' && expr.root === 'env')) return undefined;
  if (expr.kind === 'builtin') {
    return names.perIteration ? undefined : { code: 'TEMPLATE_SCOPE', message: `${shown} is not available in variables (they are resolved once, before any virtual user starts)` };
  }
  const [name = '', sub] = expr.segments;
  if (expr.root === 'vars') {
    if (names.vars.has(name)) return undefined;
    return { code: 'TEMPLATE_UNDEFINED', message: `undefined variable "${name}" in ${shown}`, hint: nameHint(name, names.vars, 'variables') };
  }
  if (names.captures.has(name)) return undefined;
  if (names.uploads.has(name)) return uploadField(name, sub, shown);
  if (expr.root === 'bare' && names.vars.has(name)) return undefined;
  const setter = names.later.get(name);
  if (setter !== undefined) {
    return { code: 'CAPTURE_BEFORE_SET', message: `${shown} is used before it is captured: ${setter} sets "${name}"`, hint: 'captures are available to later steps of the same flow only' };
  }
  const known = [...names.captures, ...names.uploads, ...(expr.root === 'bare' ? names.vars : [])];
  const what = names.inFlow ? 'no variable or earlier capture' : 'no variable';
  const noun = expr.root === 'captures' ? 'no earlier capture' : what;
  return { code: 'TEMPLATE_UNDEFINED', message: `undefined reference "${name}" in ${shown}: ${noun} has that name`, hint: nameHint(name, known, 'names') };
}

function uploadField(name: string, sub: string | undefined, shown: string): RefProblem | undefined {
  if (sub === undefined || (UPLOAD_FIELDS as readonly string[]).includes(sub)) return undefined;
  return { code: 'TEMPLATE_UNDEFINED', message: `upload "${name}" has no field "${sub}" in ${shown}`, hint: nameHint(sub, UPLOAD_FIELDS, `fields of ${name}`) };
}
