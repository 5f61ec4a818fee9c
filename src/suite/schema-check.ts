/**
 * Structural validation against schemas/suite.schema.json (ajv, allErrors), with every ajv
 * error turned into a located, human-worded problem: unknown keys point at the key (with a
 * "did you mean"), missing keys at the enclosing mapping, bad values at the value.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { schemasDir } from '../paths.js';
import { container, subject } from './context.js';
import type { CheckContext } from './context.js';
import { didYouMean } from './did-you-mean.js';
import { DURATION_PATTERN } from './duration.js';
import type { DataPath } from './source.js';

type SchemaNode = Record<string, unknown>;

let compiled: { validate: ValidateFunction; defs: Record<string, SchemaNode> } | undefined;

/** The suite schema, read once from schemas/suite.schema.json. */
export function suiteSchema(): SchemaNode {
  return JSON.parse(readFileSync(join(schemasDir, 'suite.schema.json'), 'utf8')) as SchemaNode;
}

function validator(): { validate: ValidateFunction; defs: Record<string, SchemaNode> } {
  if (compiled === undefined) {
    const schema = suiteSchema();
    // Union types (number or string durations) are deliberate; verbose gives parentSchema.
    const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strictTypes: false, verbose: true });
    compiled = { validate: ajv.compile(schema), defs: (schema.$defs ?? {}) as Record<string, SchemaNode> };
  }
  return compiled;
}

/** Values with a shared, friendlier message than the raw keyword failures. */
const FRIENDLY: Readonly<Record<string, { what: string; hint: string }>> = {
  duration: { what: 'duration', hint: 'use milliseconds (250) or a number with a unit: 250ms, 10s, 1.5m, 1h, 1m30s' },
  size: { what: 'size', hint: 'use bytes (1024) or a number with a unit: 512B, 64KiB, 1MiB, 1GiB, 10KB, 5MB' },
  status: { what: 'status', hint: 'use a code (202), a class ("2xx") or a list ([200, 201])' },
  statusCode: { what: 'status', hint: 'use a code from 100 to 599 or a class such as "2xx"' },
  name: { what: 'name', hint: 'use letters, digits, _ and - (no dots or spaces): names become metric names' },
  identifier: { what: 'name', hint: 'use a letter or _, then letters, digits or _' },
};

/** Runs the schema and reports every error into the context. Returns true when valid. */
export function checkSchema(ctx: CheckContext): boolean {
  const { validate, defs } = validator();
  if (validate(ctx.data)) return true;
  const errors = validate.errors ?? [];
  const friendlyPaths = new Set<string>();
  const typedPaths = new Set<string>();
  for (const error of errors) {
    const def = friendlyDef(error, defs);
    if (def !== undefined && !friendlyPaths.has(error.instancePath)) {
      friendlyPaths.add(error.instancePath);
      reportFriendly(ctx, error, def);
    }
  }
  for (const error of errors) {
    if (friendlyPaths.has(error.instancePath) || error.keyword !== 'type' || typedPaths.has(error.instancePath)) continue;
    typedPaths.add(error.instancePath);
    reportType(ctx, error);
  }
  for (const error of errors) {
    if (friendlyPaths.has(error.instancePath) || typedPaths.has(error.instancePath)) continue;
    reportOther(ctx, error);
  }
  return false;
}

function friendlyDef(error: ErrorObject, defs: Record<string, SchemaNode>): string | undefined {
  if (error.keyword === 'additionalProperties' || error.keyword === 'required') return undefined;
  // Inline duration grammars (thinkTime is a duration or { min, max }) read as durations too.
  if (error.keyword === 'pattern' && (error.params as { pattern?: string }).pattern === DURATION_PATTERN) return 'duration';
  for (const name of Object.keys(FRIENDLY)) {
    if (defs[name] !== undefined && error.parentSchema === defs[name]) return name;
  }
  return undefined;
}

export function toPath(instancePath: string): DataPath {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function show(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function reportFriendly(ctx: CheckContext, error: ErrorObject, def: string): void {
  const info = FRIENDLY[def];
  if (info === undefined) return;
  const path = toPath(error.instancePath);
  ctx.report(path, `INVALID_${def.toUpperCase()}`, `invalid ${info.what} ${show(error.data)} for ${subject(ctx.data, path)}`, { hint: info.hint });
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: 'a mapping', array: 'a list', string: 'a string', number: 'a number', integer: 'an integer', boolean: 'true or false', null: 'null',
};

function reportType(ctx: CheckContext, error: ErrorObject): void {
  const path = toPath(error.instancePath);
  const raw = (error.params as { type?: string | string[] }).type ?? [];
  const wanted = (Array.isArray(raw) ? raw : raw.split(',')).map((t) => TYPE_WORDS[t] ?? t);
  const got = error.data === null ? 'nothing' : `${typeName(error.data)} ${show(error.data)}`;
  ctx.report(path, 'WRONG_TYPE', `${subject(ctx.data, path)} must be ${wanted.join(' or ')}, got ${got}`);
}

function reportOther(ctx: CheckContext, error: ErrorObject): void {
  const path = toPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return reportUnknownKey(ctx, path, String(params.additionalProperty), error.parentSchema);
    case 'required': {
      const key = String(params.missingProperty);
      ctx.report(path, 'MISSING_KEY', `missing required key "${key}"${container(ctx.data, path)}`);
      return;
    }
    case 'enum': {
      const allowed = (error.schema as unknown[]).filter((v) => typeof v !== 'string' || v === v.toUpperCase() || !(error.schema as unknown[]).includes(v.toUpperCase()));
      const hint = typeof error.data === 'string' ? didYouMean(error.data, allowed.map(String)) : undefined;
      ctx.report(path, 'NOT_ALLOWED', `${subject(ctx.data, path)} must be one of ${allowed.map((v) => String(v)).join(', ')}, got ${show(error.data)}`, { hint });
      return;
    }
    case 'const':
      ctx.report(path, 'NOT_ALLOWED', `${subject(ctx.data, path)} must be ${show(params.allowedValue)}, got ${show(error.data)}`);
      return;
    case 'minimum':
    case 'maximum': {
      const op = error.keyword === 'minimum' ? '>=' : '<=';
      ctx.report(path, 'OUT_OF_RANGE', `${subject(ctx.data, path)} must be ${op} ${String(params.limit)}, got ${show(error.data)}`);
      return;
    }
    case 'minItems':
      ctx.report(path, 'EMPTY', `${subject(ctx.data, path)} must not be empty`, listHint(path));
      return;
    case 'minProperties':
    case 'maxProperties':
      ctx.report(path, 'BAD_CAPTURE', `${subject(ctx.data, path)} must be a path, { path: … } or { header: … }`, {
        hint: 'e.g. runId: /runId, or requestId: { header: x-request-id }',
      });
      return;
    case 'if':
      return; // the "then" branch reported its own errors
    default:
      ctx.report(path, 'INVALID', `${subject(ctx.data, path)} ${error.message ?? 'is invalid'}`);
  }
}

function listHint(path: DataPath): { hint?: string } {
  const last = path[path.length - 1];
  if (last === 'flows') return { hint: 'add at least one flow: flows: [{ name: smoke, steps: [...] }]' };
  if (last === 'steps') return { hint: 'add at least one step: steps: [{ name: start, request: { method: GET, path: / } }]' };
  return {};
}

function reportUnknownKey(ctx: CheckContext, path: DataPath, key: string, parentSchema: unknown): void {
  const properties = (parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  const allowed = Object.keys(properties);
  const hint = didYouMean(key, allowed) ?? (allowed.length > 0 ? `allowed keys: ${allowed.join(', ')}` : undefined);
  ctx.report([...path, key], 'UNKNOWN_KEY', `unknown key "${key}"${container(ctx.data, path)}`, { hint, anchor: 'key' });
}
