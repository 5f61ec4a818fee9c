/**
 * `${{ expr }}` templates in suite strings. An expression is a dotted name (`vars.x`, `env.X`,
 * `captures.x`, a bare `x` = capture first then variable, `doc.fileRef` for upload captures),
 * a built-in (`vu`, `iteration`, `flow`) or a function (`uuid()`, `random(min,max)`,
 * `randomString(n)`, `now()`, `timestamp()`).
 *
 * Rendering runs on the hot path of load tests, so templates are compiled once and cached by
 * their text; a string without `${{` costs one map lookup.
 */
import { randomUUID } from 'node:crypto';
import type { TemplateValue } from './types.js';

export interface TemplateScope {
  vars: Record<string, unknown>;
  captures: Record<string, unknown>;
  env: Readonly<Record<string, string | undefined>>;
  /** Virtual-user id, 1-based. */
  vu: number;
  /** Iteration of this VU, 0-based. */
  iteration: number;
  /** Name of the running flow. */
  flow: string;
}

export type TemplateErrorCode = 'TEMPLATE_UNDEFINED' | 'TEMPLATE_SYNTAX';

/** Thrown at render time. The message names the expression, never a value (values may be secrets). */
export class TemplateError extends Error {
  readonly code: TemplateErrorCode;
  /** The expression as written inside `${{ }}` (or the whole template for syntax errors). */
  readonly expression: string;
  constructor(code: TemplateErrorCode, expression: string, message: string) {
    super(message);
    this.name = 'TemplateError';
    this.code = code;
    this.expression = expression;
  }
}

export type TemplateFunction = 'uuid' | 'random' | 'randomString' | 'now' | 'timestamp';
export type BuiltinName = 'vu' | 'iteration' | 'flow';

/** Functions and their argument counts. */
export const TEMPLATE_FUNCTIONS: Readonly<Record<TemplateFunction, number>> = {
  uuid: 0,
  random: 2,
  randomString: 1,
  now: 0,
  timestamp: 0,
};
export const TEMPLATE_BUILTINS: readonly BuiltinName[] = ['vu', 'iteration', 'flow'];
/** Names a variable or capture may not take: they would shadow a root or a built-in. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'vars', 'env', 'captures', ...TEMPLATE_BUILTINS, ...Object.keys(TEMPLATE_FUNCTIONS),
]);

export type TemplateExpr =
  | { kind: 'path'; root: 'vars' | 'env' | 'captures' | 'bare'; segments: string[]; source: string }
  | { kind: 'builtin'; name: BuiltinName; source: string }
  | { kind: 'call'; fn: TemplateFunction; args: number[]; source: string };

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'expr'; expr: TemplateExpr; start: number };

export type ParsedTemplate =
  | { ok: true; parts: TemplatePart[] }
  | { ok: false; error: string; /** 0-based index in the template where the problem starts. */ index: number };

const OPEN = '${{';
const CLOSE = '}}';

/** Parses a template into text and expression parts, or says where and why it does not parse. */
export function parseTemplate(template: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let pos = 0;
  while (pos < template.length) {
    const open = template.indexOf(OPEN, pos);
    if (open < 0) {
      parts.push({ kind: 'text', text: template.slice(pos) });
      break;
    }
    if (open > pos) parts.push({ kind: 'text', text: template.slice(pos, open) });
    const close = template.indexOf(CLOSE, open + OPEN.length);
    if (close < 0) return { ok: false, error: 'unclosed "${{": missing "}}"', index: open };
    const inner = template.slice(open + OPEN.length, close);
    const expr = parseExpression(inner);
    if (typeof expr === 'string') return { ok: false, error: expr, index: open };
    parts.push({ kind: 'expr', expr, start: open });
    pos = close + CLOSE.length;
  }
  return { ok: true, parts };
}

const CALL_RE = /^([A-Za-z_]\w*)\s*\(([^()]*)\)$/;
const PATH_RE = /^[A-Za-z_]\w*(?:\.[A-Za-z0-9_-]+)*$/;

/** An expression, or the reason it is not one. */
export function parseExpression(inner: string): TemplateExpr | string {
  const source = inner.trim();
  if (source === '') return 'empty template expression "${{ }}"';
  const call = CALL_RE.exec(source);
  if (call !== null) return parseCall(call[1] ?? '', call[2] ?? '', source);
  if (!PATH_RE.test(source)) {
    return `bad template expression "${source}": expected a name (vars.x, env.X, runId, doc.fileRef) or a function (uuid(), random(1,10))`;
  }
  const [root = '', ...segments] = source.split('.');
  if (root in TEMPLATE_FUNCTIONS) return `"${root}" is a function: write ${root}()`;
  if ((TEMPLATE_BUILTINS as readonly string[]).includes(root)) {
    if (segments.length > 0) return `"${root}" is a built-in value and has no fields`;
    return { kind: 'builtin', name: root as BuiltinName, source };
  }
  if (root === 'vars' || root === 'env' || root === 'captures') {
    if (segments.length === 0) return `"${root}" needs a name: ${root}.<name>`;
    if (root === 'env' && segments.length > 1) return `"${source}": an environment variable has no fields`;
    return { kind: 'path', root, segments, source };
  }
  return { kind: 'path', root: 'bare', segments: [root, ...segments], source };
}

function parseCall(fn: string, argText: string, source: string): TemplateExpr | string {
  if (!(fn in TEMPLATE_FUNCTIONS)) {
    return `unknown function "${fn}()": known functions are ${Object.keys(TEMPLATE_FUNCTIONS).map((f) => `${f}()`).join(', ')}`;
  }
  const name = fn as TemplateFunction;
  const raw = argText.trim() === '' ? [] : argText.split(',').map((a) => a.trim());
  if (raw.length !== TEMPLATE_FUNCTIONS[name]) {
    return `${name}() takes ${TEMPLATE_FUNCTIONS[name]} argument${TEMPLATE_FUNCTIONS[name] === 1 ? '' : 's'}, got ${raw.length}`;
  }
  if (raw.some((a) => !/^-?\d{1,15}$/.test(a))) return `${name}() arguments must be integers`;
  const args = raw.map(Number);
  if (name === 'random' && (args[0] ?? 0) > (args[1] ?? 0)) return 'random(min, max) needs min <= max';
  if (name === 'randomString' && ((args[0] ?? 0) < 0 || (args[0] ?? 0) > 65_536)) {
    return 'randomString(n) needs 0 <= n <= 65536';
  }
  return { kind: 'call', fn: name, args, source };
}

/** The expressions of a template (parsed), for static checks. Throws TemplateError on bad syntax. */
export function templateExpressions(template: string): TemplateExpr[] {
  const compiled = compile(template);
  if (compiled.error !== undefined) throw compiled.error;
  return compiled.parts.flatMap((p) => (p.kind === 'expr' ? [p.expr] : []));
}

/** Names referenced by a template (`vars.x`, `env.X`, `runId`, `vu`…), functions excluded. */
export function templateRefs(template: string): string[] {
  return templateExpressions(template).flatMap((e) => (e.kind === 'call' ? [] : [e.source]));
}

/** True when the string holds at least one `${{`. */
export function hasTemplate(text: string): boolean {
  return text.includes(OPEN);
}

interface Compiled {
  parts: TemplatePart[];
  /** The expression when the template is exactly one `${{ }}` and nothing else. */
  single?: TemplateExpr;
  error?: TemplateError;
}

const CACHE_LIMIT = 10_000;
const cache = new Map<string, Compiled>();

function compile(template: string): Compiled {
  let compiled = cache.get(template);
  if (compiled !== undefined) return compiled;
  const parsed = parseTemplate(template);
  if (!parsed.ok) {
    compiled = { parts: [], error: new TemplateError('TEMPLATE_SYNTAX', template, `template syntax: ${parsed.error}`) };
  } else {
    const only = parsed.parts.length === 1 ? parsed.parts[0] : undefined;
    compiled = only?.kind === 'expr' ? { parts: parsed.parts, single: only.expr } : { parts: parsed.parts };
  }
  // Suites hold a bounded set of strings; the cap only guards against callers rendering data.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(template, compiled);
  return compiled;
}

/** Renders a template to a string; objects are JSON-encoded. Throws TemplateError. */
export function renderString(template: string, scope: TemplateScope): string {
  if (!template.includes(OPEN)) return template;
  const compiled = compile(template);
  if (compiled.error !== undefined) throw compiled.error;
  let out = '';
  for (const part of compiled.parts) {
    out += part.kind === 'text' ? part.text : stringify(evaluate(part.expr, scope));
  }
  return out;
}

/**
 * Renders a value: strings that are exactly one template keep the referenced value's type
 * (`"${{ doc.fileRef }}"` → the object); other strings are interpolated; arrays and objects are
 * rendered member by member (keys are not templated). Values without templates are returned
 * as they are (shared, so callers must not mutate them).
 */
export function renderValue(value: TemplateValue, scope: TemplateScope): unknown {
  if (typeof value === 'string') {
    if (!value.includes(OPEN)) return value;
    const compiled = compile(value);
    if (compiled.single !== undefined) return evaluate(compiled.single, scope);
    return renderString(value, scope);
  }
  if (value === null || typeof value !== 'object') return value;
  if (!containsTemplate(value)) return value;
  if (Array.isArray(value)) return value.map((item) => renderValue(item, scope));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = renderValue(item, scope);
  return out;
}

const templated = new WeakMap<object, boolean>();

function containsTemplate(value: object): boolean {
  const known = templated.get(value);
  if (known !== undefined) return known;
  const items: unknown[] = Array.isArray(value) ? value : Object.values(value);
  const result = items.some((item) =>
    typeof item === 'string' ? item.includes(OPEN) : item !== null && typeof item === 'object' && containsTemplate(item),
  );
  templated.set(value, result);
  return result;
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}

function evaluate(expr: TemplateExpr, scope: TemplateScope): unknown {
  let value: unknown;
  if (expr.kind === 'call') value = call(expr.fn, expr.args);
  else if (expr.kind === 'builtin') value = scope[expr.name];
  else value = lookup(expr, scope);
  if (value === undefined) {
    throw new TemplateError('TEMPLATE_UNDEFINED', expr.source, `undefined template reference: ${expr.source}`);
  }
  return value;
}

function lookup(expr: Extract<TemplateExpr, { kind: 'path' }>, scope: TemplateScope): unknown {
  switch (expr.root) {
    case 'env':
      return ownValue(scope.env, expr.segments[0] ?? '');
    case 'vars':
      return follow(scope.vars, expr.segments);
    case 'captures':
      return fromCaptures(scope.captures, expr.segments);
    case 'bare': {
      const captured = fromCaptures(scope.captures, expr.segments);
      return captured !== undefined ? captured : follow(scope.vars, expr.segments);
    }
  }
}

/** Nested first (`captures.doc.fileRef`), then flat keys (`captures["doc.fileRef"]`). */
function fromCaptures(captures: Record<string, unknown>, segments: string[]): unknown {
  const nested = follow(captures, segments);
  if (nested !== undefined || segments.length < 2) return nested;
  return ownValue(captures, segments.join('.'));
}

function follow(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (Array.isArray(current)) current = /^\d+$/.test(segment) ? current[Number(segment)] : undefined;
    else current = ownValue(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}

function ownValue(container: unknown, key: string): unknown {
  if (container === null || typeof container !== 'object') return undefined;
  return Object.hasOwn(container, key) ? (container as Record<string, unknown>)[key] : undefined;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function call(fn: TemplateFunction, args: number[]): unknown {
  switch (fn) {
    case 'uuid':
      return randomUUID();
    case 'now':
      return new Date().toISOString();
    case 'timestamp':
      return Date.now();
    case 'random': {
      const [min = 0, max = 0] = args;
      return min + Math.floor(Math.random() * (max - min + 1));
    }
    case 'randomString': {
      let out = '';
      for (let i = 0; i < (args[0] ?? 0); i++) out += ALPHANUMERIC[Math.floor(Math.random() * ALPHANUMERIC.length)];
      return out;
    }
  }
}
