/**
 * What every check shares: the file, the located source, the parsed data and the list of
 * problems it adds to. Also words paths for humans (`request.method (step "start_run")`).
 */
import type { Problem } from './problem.js';
import type { Anchor, DataPath, Position, SourceDoc } from './source.js';

export interface ReportOptions {
  hint?: string | undefined;
  /** Point at the key rather than the value. Default `value`. */
  anchor?: Anchor;
  /** An exact position (e.g. inside a string) instead of the node's. */
  at?: Position;
  /** Default `error`. */
  severity?: Problem['severity'];
}

export class CheckContext {
  readonly problems: Problem[] = [];

  constructor(
    readonly file: string,
    readonly source: SourceDoc,
    /** The suite as plain data (`doc.toJS()`); shapes are not trusted. */
    readonly data: unknown,
  ) {}

  report(path: DataPath, code: string, message: string, options: ReportOptions = {}): void {
    const pos = options.at ?? this.source.locate(path, options.anchor ?? 'value');
    const problem: Problem = { file: this.file, line: pos.line, col: pos.col, code, message, severity: options.severity ?? 'error' };
    if (options.hint !== undefined) problem.hint = options.hint;
    this.problems.push(problem);
  }

  get hasErrors(): boolean {
    return this.problems.some((p) => p.severity === 'error');
  }
}

/** An object's own property, if `value` is a plain object. */
export function field(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `request.method`, `expect.body[0].path`. */
export function joinPath(path: DataPath): string {
  let out = '';
  for (const segment of path) {
    out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  }
  return out;
}

export interface Described {
  /** The entity itself when the path names one (`step "x"`), else undefined. */
  entity?: string;
  /** The field path below the entity (`request.method`), or the full path at top level. */
  field: string;
  /** The enclosing entity, for a suffix: `step "x"`. */
  owner?: string;
}

function named(kind: string, value: unknown, fallback: string): string {
  const name = field(value, 'name');
  return typeof name === 'string' && name !== '' ? `${kind} "${name}"` : fallback;
}

/** Words a data path for messages. */
export function describe(data: unknown, path: DataPath): Described {
  if (path.length === 0) return { entity: 'the suite', field: '' };
  const [first, second, third, fourth] = path;
  if (first === 'flows' && typeof second === 'number') {
    const flow = asArray(field(data, 'flows'))[second];
    const flowName = named('flow', flow, `flow #${second + 1}`);
    if (third === 'steps' && typeof fourth === 'number') {
      const step = asArray(field(flow, 'steps'))[fourth];
      const stepName = named('step', step, `step #${fourth + 1} of ${flowName}`);
      const rest = path.slice(4);
      return rest.length === 0 ? { entity: stepName, field: '' } : { field: joinPath(rest), owner: stepName };
    }
    const rest = path.slice(2);
    return rest.length === 0 ? { entity: flowName, field: '' } : { field: joinPath(rest), owner: flowName };
  }
  if (first === 'thresholds' && typeof second === 'string') {
    const rest = path.slice(2);
    const owner = `threshold "${second}"`;
    return rest.length === 0 ? { entity: owner, field: '' } : { field: joinPath(rest), owner };
  }
  return { field: joinPath(path) };
}

/** `request.method (step "x")`, `step "x"`, `load.vus`. */
export function subject(data: unknown, path: DataPath): string {
  const d = describe(data, path);
  if (d.entity !== undefined) return d.entity;
  return d.owner === undefined ? d.field : `${d.field} (${d.owner})`;
}

/** ` in step "x"`, ` in request (step "x")`, ` at top level`, ` in load`: where a key sits. */
export function container(data: unknown, path: DataPath): string {
  if (path.length === 0) return ' at top level';
  return ` in ${subject(data, path)}`;
}
