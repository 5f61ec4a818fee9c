/**
 * The certification plan (suites/conformance.yaml): the list of what is certified. Each
 * requirement has a stable id, a level, the phrony-api.md section it comes from, its
 * coverage area and the built-in probe check that decides it. Every problem is reported with
 * file:line:col, all at once.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { suitesDir } from '../paths.js';
import { didYouMean } from '../suite/did-you-mean.js';
import { loadSuiteFile } from '../suite/load.js';
import type { Problem } from '../suite/problem.js';
import { SourceDoc } from '../suite/source.js';
import type { DataPath } from '../suite/source.js';
import type { Suite } from '../suite/types.js';
import { AREA_NAMES, ENV_AREAS } from './areas.js';
import { allChecks, probeByName } from './probes/index.js';
import type { CertificationPlan, RequirementDef } from './types.js';

export const DEFAULT_PLAN = join(suitesDir, 'conformance.yaml');

const ID = /^[A-Z]+-\d{3}$/;
const TOP_KEYS = ['kind', 'name', 'description', 'flows', 'requirements'];
const REQ_KEYS = ['id', 'level', 'section', 'area', 'check', 'steps', 'statement'];
const TEXT_KEYS = ['id', 'level', 'section', 'area', 'statement'];

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

/** `check:` names a probe check of the requirement's area. */
function checkProbe(c: Collector, at: DataPath, check: unknown, area: string | undefined): string | undefined {
  if (typeof check !== 'string' || !allChecks().includes(check)) {
    c.add([...at, 'check'], 'UNKNOWN_CHECK', `unknown probe check "${String(check)}"`, didYouMean(String(check), allChecks()));
    return undefined;
  }
  const probe = probeByName(check.split('.')[0] ?? '');
  if (probe !== undefined && area !== undefined && probe.area !== area) c.add([...at, 'area'], 'AREA_MISMATCH', `probe "${probe.name}" belongs to area "${probe.area}"`);
  return check;
}

/** `steps:` names steps of the plan's flows suite. */
function checkSteps(c: Collector, at: DataPath, steps: unknown, flows: Suite | undefined, area: string | undefined): string[] | undefined {
  if (!Array.isArray(steps) || steps.length === 0 || steps.some((s) => typeof s !== 'string')) {
    c.add([...at, 'steps'], 'WRONG_TYPE', '"steps" must be a non-empty list of step names');
    return undefined;
  }
  if (flows === undefined) {
    c.add([...at, 'steps'], 'NO_FLOWS', '"steps" needs a flows suite: set "flows: <suite file>" at the top of the plan');
    return undefined;
  }
  const known = flows.flows.flatMap((f) => f.steps.map((s) => s.name));
  (steps as string[]).forEach((s, j) => {
    if (!known.includes(s)) c.add([...at, 'steps', j], 'UNKNOWN_STEP', `no step "${s}" in ${flows.file}`, didYouMean(s, known));
    else if (area !== undefined) checkStepArea(c, [...at, 'steps', j], flows, s, area);
  });
  return steps as string[];
}

/**
 * A step's flow may only require variables that the requirement's area (or core) provides;
 * otherwise the flow would be skipped, and the requirement fail, whenever that other area is
 * not covered.
 */
function checkStepArea(c: Collector, at: DataPath, flows: Suite, step: string, area: string): void {
  const flow = flows.flows.find((f) => f.steps.some((s) => s.name === step));
  for (const name of flow?.requires ?? []) {
    const template = JSON.stringify(flows.variables[name] ?? '');
    for (const [, env = ''] of template.matchAll(/env\.([A-Za-z0-9_]+)/g)) {
      const needs = ENV_AREAS[env];
      if (needs !== undefined && needs !== 'core' && needs !== area) {
        c.add(at, 'AREA_MISMATCH', `step "${step}" needs ${name} (env ${env}), which area "${needs}" provides, not "${area}"`);
      }
    }
  }
}

function checkRequirement(c: Collector, raw: unknown, i: number, seen: Set<string>, flows: Suite | undefined): RequirementDef | undefined {
  const at: DataPath = ['requirements', i];
  if (!isObj(raw)) return void c.add(at, 'WRONG_TYPE', 'a requirement must be a mapping');
  c.unknownKeys(raw, REQ_KEYS, at);
  const text = (k: string): string | undefined => {
    const v = raw[k];
    if (typeof v === 'string' && v.trim() !== '') return v;
    c.add(v === undefined ? at : [...at, k], 'MISSING_REQUIRED', `"${k}" must be a non-empty string`);
    return undefined;
  };
  const [id, level, section, area, statement] = TEXT_KEYS.map(text);
  if (id !== undefined && !ID.test(id)) c.add([...at, 'id'], 'BAD_ID', `id "${id}" must look like AUTH-001`);
  if (id !== undefined && seen.has(id)) c.add([...at, 'id'], 'DUPLICATE_ID', `id "${id}" is used twice`);
  if (id !== undefined) seen.add(id);
  if (level !== undefined && level !== 'MUST' && level !== 'SHOULD') c.add([...at, 'level'], 'BAD_LEVEL', 'level must be MUST or SHOULD');
  if (area !== undefined && !AREA_NAMES.includes(area)) c.add([...at, 'area'], 'UNKNOWN_AREA', `unknown area "${area}"`, didYouMean(area, AREA_NAMES));
  if ((raw['check'] === undefined) === (raw['steps'] === undefined)) {
    return void c.add(at, 'CHECK_OR_STEPS', 'a requirement needs exactly one of "check" (a probe check) or "steps" (steps of the flows suite)');
  }
  const check = raw['check'] === undefined ? undefined : checkProbe(c, at, raw['check'], area);
  const steps = raw['steps'] === undefined ? undefined : checkSteps(c, at, raw['steps'], flows, area);
  if ([id, level, section, area, statement].some((v) => v === undefined) || (check === undefined && steps === undefined)) return undefined;
  return { id, level, section, area, statement, ...(check !== undefined ? { check } : {}), ...(steps !== undefined ? { steps } : {}) } as RequirementDef;
}

/**
 * Parses and validates plan text; `file` only names it in problems. `flows` is the loaded
 * suite the plan's `flows:` names (loadPlan loads it), for requirements with `steps:`.
 */
export function parsePlan(text: string, file: string, flows?: Suite): PlanResult {
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
  if (root['flows'] !== undefined && typeof root['flows'] !== 'string') c.add(['flows'], 'WRONG_TYPE', '"flows" must be the path of a suite file');
  const list = root['requirements'];
  const requirements: RequirementDef[] = [];
  if (!Array.isArray(list) || list.length === 0) c.add(['requirements'], 'MISSING_REQUIRED', '"requirements" must be a non-empty list');
  else {
    const seen = new Set<string>();
    list.forEach((raw, i) => {
      const r = checkRequirement(c, raw, i, seen, flows);
      if (r !== undefined) requirements.push(r);
    });
  }
  if (c.problems.length > 0) return { ok: false, problems: c.problems };
  const digest = createHash('sha256').update(text).update(flows?.digest ?? '').digest('hex');
  return { ok: true, plan: { name: root['name'] as string, file, digest, requirements, ...(flows !== undefined ? { flows } : {}) } };
}

/** The `flows:` file of plan text, resolved beside the plan; undefined when absent or unreadable YAML. */
function flowsFileOf(text: string, file: string): string | undefined {
  const root: unknown = parseDocument(text).toJS();
  const name = isObj(root) ? root['flows'] : undefined;
  return typeof name === 'string' && name !== '' ? resolve(dirname(file), name) : undefined;
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
  const flowsFile = flowsFileOf(text, file);
  if (flowsFile === undefined) return parsePlan(text, file);
  const suite = await loadSuiteFile(flowsFile);
  if (!suite.ok) return { ok: false, problems: suite.problems };
  return parsePlan(text, file, suite.suite);
}
