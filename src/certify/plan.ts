/**
 * The certification plan (suites/conformance.yaml): the list of what is certified. Each
 * requirement has a stable id, a level, the phrony-api.md section it comes from, its
 * coverage area and the built-in probe check that decides it. Every problem is reported with
 * file:line:col, all at once.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { suitesDir } from '../paths.js';
import { didYouMean } from '../suite/did-you-mean.js';
import type { Problem } from '../suite/problem.js';
import { SourceDoc } from '../suite/source.js';
import type { DataPath } from '../suite/source.js';
import { AREA_NAMES } from './areas.js';
import { allChecks, probeByName } from './probes/index.js';
import type { CertificationPlan, RequirementDef } from './types.js';

export const DEFAULT_PLAN = join(suitesDir, 'conformance.yaml');

const ID = /^[A-Z]+-\d{3}$/;
const TOP_KEYS = ['kind', 'name', 'description', 'requirements'];
const REQ_KEYS = ['id', 'level', 'section', 'area', 'check', 'statement'];

export type PlanResult = { ok: true; plan: CertificationPlan } | { ok: false; problems: Problem[] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Collector {
  readonly problems: Problem[] = [];
  constructor(private readonly file: string, private readonly src: SourceDoc) {}
  add(path: DataPath, code: string, message: string, hint?: string, anchor: 'key' | 'value' = 'value'): void {
    const { line, col } = this.src.locate(path, anchor);
    this.problems.push({ file: this.file, line, col, code, message, severity: 'error', ...(hint !== undefined ? { hint } : {}) });
  }
  unknownKeys(o: Obj, known: string[], path: DataPath): void {
    for (const k of Object.keys(o)) if (!known.includes(k)) this.add([...path, k], 'UNKNOWN_KEY', `unknown key "${k}"`, didYouMean(k, known), 'key');
  }
}

function checkRequirement(c: Collector, raw: unknown, i: number, seen: Set<string>): RequirementDef | undefined {
  const at: DataPath = ['requirements', i];
  if (!isObj(raw)) return void c.add(at, 'WRONG_TYPE', 'a requirement must be a mapping');
  c.unknownKeys(raw, REQ_KEYS, at);
  const text = (k: string): string | undefined => {
    const v = raw[k];
    if (typeof v === 'string' && v.trim() !== '') return v;
    c.add(v === undefined ? at : [...at, k], 'MISSING_REQUIRED', `"${k}" must be a non-empty string`);
    return undefined;
  };
  const [id, level, section, area, check, statement] = REQ_KEYS.map(text);
  if (id !== undefined && !ID.test(id)) c.add([...at, 'id'], 'BAD_ID', `id "${id}" must look like AUTH-001`);
  if (id !== undefined && seen.has(id)) c.add([...at, 'id'], 'DUPLICATE_ID', `id "${id}" is used twice`);
  if (id !== undefined) seen.add(id);
  if (level !== undefined && level !== 'MUST' && level !== 'SHOULD') c.add([...at, 'level'], 'BAD_LEVEL', 'level must be MUST or SHOULD');
  if (area !== undefined && !AREA_NAMES.includes(area)) c.add([...at, 'area'], 'UNKNOWN_AREA', `unknown area "${area}"`, didYouMean(area, AREA_NAMES));
  if (check !== undefined && !allChecks().includes(check)) c.add([...at, 'check'], 'UNKNOWN_CHECK', `unknown probe check "${check}"`, didYouMean(check, allChecks()));
  const probe = check === undefined ? undefined : probeByName(check.split('.')[0] ?? '');
  if (probe !== undefined && area !== undefined && probe.area !== area) c.add([...at, 'area'], 'AREA_MISMATCH', `probe "${probe.name}" belongs to area "${probe.area}"`);
  if ([id, level, section, area, check, statement].some((v) => v === undefined)) return undefined;
  return { id, level, section, area, check, statement } as RequirementDef;
}

/** Parses and validates plan text; `file` only names it in problems. */
export function parsePlan(text: string, file: string): PlanResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const c = new Collector(file, new SourceDoc(doc, lines, text));
  for (const e of doc.errors) {
    const { line, col } = lines.linePos(e.pos[0]);
    c.problems.push({ file, line, col, code: 'YAML_SYNTAX', message: e.message.split('\n')[0] ?? e.message, severity: 'error' });
  }
  if (c.problems.length > 0) return { ok: false, problems: c.problems };
  const root: unknown = doc.toJS();
  if (!isObj(root)) return { ok: false, problems: [{ file, line: 1, col: 1, code: 'WRONG_TYPE', message: 'the plan must be a mapping', severity: 'error' }] };
  c.unknownKeys(root, TOP_KEYS, []);
  if (root['kind'] !== 'certification') c.add(['kind'], 'BAD_KIND', 'kind must be "certification"');
  if (typeof root['name'] !== 'string' || root['name'] === '') c.add(['name'], 'MISSING_REQUIRED', '"name" must be a non-empty string');
  const list = root['requirements'];
  const requirements: RequirementDef[] = [];
  if (!Array.isArray(list) || list.length === 0) c.add(['requirements'], 'MISSING_REQUIRED', '"requirements" must be a non-empty list');
  else {
    const seen = new Set<string>();
    list.forEach((raw, i) => {
      const r = checkRequirement(c, raw, i, seen);
      if (r !== undefined) requirements.push(r);
    });
  }
  if (c.problems.length > 0) return { ok: false, problems: c.problems };
  const digest = createHash('sha256').update(text).digest('hex');
  return { ok: true, plan: { name: root['name'] as string, file, digest, requirements } };
}

/** Reads and validates a plan file (default: the packaged suites/conformance.yaml). */
export async function loadPlan(file: string = DEFAULT_PLAN): Promise<PlanResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, problems: [{ file, line: 1, col: 1, code: 'FILE_UNREADABLE', message: `cannot read the plan (${code})`, severity: 'error' }] };
  }
  return parsePlan(text, file);
}
