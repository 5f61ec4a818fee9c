/**
 * Merges a partial configuration onto the defaults and checks every field, collecting all
 * problems (with their path) instead of stopping at the first.
 */
import { BEHAVIOURS, MAIN_TENANT, defaultServerConfig } from './config.js';
import type { AgentConfig, KeyConfig, ServerConfig, ServerConfigInput } from './config.js';
import { faultConfigProblems } from './faults.js';
import type { FaultConfig } from './faults.js';
import { isUuid } from './ids.js';
import { deviationProblems } from './deviations.js';

export interface ConfigProblem {
  /** Path inside the config, e.g. ['agents', 'hitl', 'delayMs']. */
  path: Array<string | number>;
  message: string;
}

/** Thrown for an invalid configuration; `problems` lists every issue found. */
export class ServerConfigError extends Error {
  readonly code = 'SERVER_CONFIG_INVALID';
  constructor(readonly problems: ConfigProblem[], readonly rendered: string[] = problems.map(renderProblem)) {
    super(`invalid reference server config:\n  ${rendered.join('\n  ')}`);
    this.name = 'ServerConfigError';
  }
}

function renderProblem(p: ConfigProblem): string {
  return `${p.path.join('.') || '(root)'}: ${p.message}`;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly problems: ConfigProblem[] = [];
  add(path: Array<string | number>, message: string): void {
    this.problems.push({ path, message });
  }
  known(o: Obj, keys: string[], path: string[]): void {
    for (const k of Object.keys(o)) if (!keys.includes(k)) this.add([...path, k], `unknown field (known: ${keys.join(', ')})`);
  }
  int(v: unknown, path: Array<string | number>, min: number, nullable = false): void {
    if (nullable && v === null) return;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.add(path, `must be an integer ≥ ${min}${nullable ? ' or null' : ''}`);
  }
  uuid(v: unknown, path: Array<string | number>): void {
    if (typeof v !== 'string' || !isUuid(v)) this.add(path, 'must be a UUID');
  }
  str(v: unknown, path: Array<string | number>): void {
    if (typeof v !== 'string' || v === '') this.add(path, 'must be a non-empty string');
  }
  bool(v: unknown, path: Array<string | number>): void {
    if (typeof v !== 'boolean') this.add(path, 'must be true or false');
  }
}

const AGENT_KEYS = ['id', 'tenantId', 'versionId', 'name', 'behaviour', 'delayMs', 'timerMs', 'llmModel', 'trigger'];
const TRIGGER_KEYS = ['id', 'rpmLimit', 'maxConcurrentRuns', 'exposeStepTimelineToApi'];
const KEY_KEYS = ['secret', 'id', 'tenantId', 'agents', 'allowUploads'];
const TOP_KEYS = ['tenantId', 'agents', 'keys', 'maxBodyBytes', 'heartbeatMs', 'retention', 'files', 'faults', 'deviations'];
const FILES_KEYS = ['expiresInSeconds', 'maxContentLength', 'maxTotalBytes', 'blockedMediaTypes', 'signingSecret', 'encryptionHeader'];

function mergeAgent(c: Checker, name: string, base: AgentConfig | undefined, raw: unknown, tenantId: string): AgentConfig | null {
  const at = ['agents', name];
  if (!isObj(raw)) {
    c.add(at, 'must be a mapping');
    return null;
  }
  c.known(raw, AGENT_KEYS, at);
  const trig = raw['trigger'] ?? {};
  if (!isObj(trig)) c.add([...at, 'trigger'], 'must be a mapping');
  else c.known(trig, TRIGGER_KEYS, [...at, 'trigger']);
  const fallback = base ?? {
    id: '', tenantId, versionId: '', name, behaviour: 'complete', delayMs: 80, timerMs: 30_000, llmModel: 'reference-model-1',
    trigger: { id: '', rpmLimit: null, maxConcurrentRuns: null, exposeStepTimelineToApi: true },
  };
  const merged = { ...fallback, ...raw, trigger: { ...fallback.trigger, ...(isObj(trig) ? trig : {}) } } as AgentConfig;
  c.uuid(merged.id, [...at, 'id']);
  c.uuid(merged.tenantId, [...at, 'tenantId']);
  c.uuid(merged.versionId, [...at, 'versionId']);
  c.str(merged.name, [...at, 'name']);
  if (!BEHAVIOURS.includes(merged.behaviour)) c.add([...at, 'behaviour'], `must be one of ${BEHAVIOURS.join(', ')}`);
  c.int(merged.delayMs, [...at, 'delayMs'], 0);
  c.int(merged.timerMs, [...at, 'timerMs'], 0);
  c.str(merged.llmModel, [...at, 'llmModel']);
  c.uuid(merged.trigger.id, [...at, 'trigger', 'id']);
  c.int(merged.trigger.rpmLimit, [...at, 'trigger', 'rpmLimit'], 1, true);
  c.int(merged.trigger.maxConcurrentRuns, [...at, 'trigger', 'maxConcurrentRuns'], 1, true);
  c.bool(merged.trigger.exposeStepTimelineToApi, [...at, 'trigger', 'exposeStepTimelineToApi']);
  return merged;
}

function mergeKey(c: Checker, name: string, base: KeyConfig | undefined, raw: unknown, cfg: ServerConfig): KeyConfig | null {
  const at = ['keys', name];
  if (!isObj(raw)) {
    c.add(at, 'must be a mapping');
    return null;
  }
  c.known(raw, KEY_KEYS, at);
  const fallback: KeyConfig = base ?? { secret: null, id: '', tenantId: cfg.tenantId, agents: [], allowUploads: false };
  const merged = { ...fallback, ...raw } as KeyConfig;
  if (merged.secret !== null && (typeof merged.secret !== 'string' || !/^phk_[A-Za-z0-9_-]{8,200}$/.test(merged.secret))) {
    c.add([...at, 'secret'], 'must be null or "phk_" followed by 8-200 letters, digits, _ or -');
  }
  c.uuid(merged.id, [...at, 'id']);
  c.uuid(merged.tenantId, [...at, 'tenantId']);
  c.bool(merged.allowUploads, [...at, 'allowUploads']);
  if (!Array.isArray(merged.agents) || merged.agents.some((a) => typeof a !== 'string')) {
    c.add([...at, 'agents'], 'must be a list of agent names');
  }
  return merged;
}

function mergeMap<T>(c: Checker, section: 'agents' | 'keys', raw: unknown, base: Record<string, T>, merge: (name: string, b: T | undefined, r: unknown) => T | null): Record<string, T> {
  if (raw === undefined) return base;
  if (!isObj(raw)) {
    c.add([section], 'must be a mapping of name → settings');
    return base;
  }
  const out = { ...base };
  for (const [name, value] of Object.entries(raw)) {
    const merged = merge(name, base[name], value);
    if (merged !== null) out[name] = merged;
  }
  return out;
}

function mergeFiles(c: Checker, raw: unknown, base: ServerConfig['files']): ServerConfig['files'] {
  if (raw === undefined) return base;
  if (!isObj(raw)) {
    c.add(['files'], 'must be a mapping');
    return base;
  }
  c.known(raw, FILES_KEYS, ['files']);
  const f = { ...base, ...raw } as ServerConfig['files'];
  c.int(f.expiresInSeconds, ['files', 'expiresInSeconds'], 1);
  c.int(f.maxContentLength, ['files', 'maxContentLength'], 1);
  c.int(f.maxTotalBytes, ['files', 'maxTotalBytes'], 1);
  if (!Array.isArray(f.blockedMediaTypes) || f.blockedMediaTypes.some((m) => typeof m !== 'string')) {
    c.add(['files', 'blockedMediaTypes'], 'must be a list of media types');
  } else f.blockedMediaTypes = f.blockedMediaTypes.map((m) => m.toLowerCase());
  if (f.signingSecret !== null && (typeof f.signingSecret !== 'string' || f.signingSecret.length < 16)) {
    c.add(['files', 'signingSecret'], 'must be null or a string of ≥ 16 characters');
  }
  const eh = f.encryptionHeader as unknown;
  if (!isObj(eh) || typeof eh['name'] !== 'string' || typeof eh['value'] !== 'string' || !/^[a-z0-9-]+$/i.test(eh['name'])) {
    c.add(['files', 'encryptionHeader'], 'must be { name: <header name>, value: <string> }');
  } else f.encryptionHeader = { name: eh['name'].toLowerCase(), value: eh['value'] };
  return f;
}

function mergeScalars(c: Checker, input: Obj, cfg: ServerConfig): void {
  if (input['tenantId'] !== undefined) {
    c.uuid(input['tenantId'], ['tenantId']);
    cfg.tenantId = input['tenantId'] as string;
  }
  if (input['maxBodyBytes'] !== undefined) cfg.maxBodyBytes = input['maxBodyBytes'] as number;
  if (input['heartbeatMs'] !== undefined) cfg.heartbeatMs = input['heartbeatMs'] as number;
  c.int(cfg.maxBodyBytes, ['maxBodyBytes'], 1);
  c.int(cfg.heartbeatMs, ['heartbeatMs'], 10);
  const r = input['retention'];
  if (r !== undefined) {
    if (!isObj(r)) c.add(['retention'], 'must be a mapping');
    else {
      c.known(r, ['maxSessions', 'ttlSeconds'], ['retention']);
      cfg.retention = { ...cfg.retention, ...r } as ServerConfig['retention'];
    }
  }
  c.int(cfg.retention.maxSessions, ['retention', 'maxSessions'], 1);
  c.int(cfg.retention.ttlSeconds, ['retention', 'ttlSeconds'], 1);
}

function crossCheck(c: Checker, cfg: ServerConfig): void {
  const ids = new Map<string, string>();
  for (const [name, a] of Object.entries(cfg.agents)) {
    const prev = ids.get(a.id.toLowerCase());
    if (prev !== undefined) c.add(['agents', name, 'id'], `same id as agent "${prev}"`);
    ids.set(a.id.toLowerCase(), name);
  }
  const secrets = new Map<string, string>();
  for (const [name, k] of Object.entries(cfg.keys)) {
    if (Array.isArray(k.agents)) {
      k.agents.forEach((a, i) => {
        if (cfg.agents[a] === undefined) c.add(['keys', name, 'agents', i], `unknown agent "${a}"`);
      });
    }
    if (typeof k.secret === 'string') {
      if (secrets.has(k.secret)) c.add(['keys', name, 'secret'], `same secret as key "${secrets.get(k.secret)}"`);
      secrets.set(k.secret, name);
    }
  }
  for (const required of ['main', 'noUploads', 'other']) {
    if (cfg.keys[required] === undefined) c.add(['keys'], `key "${required}" is required`);
  }
}

/** Defaults + input, validated. Throws ServerConfigError listing every problem. */
export function resolveServerConfig(input: ServerConfigInput | unknown = {}): ServerConfig {
  const c = new Checker();
  const cfg = defaultServerConfig();
  const raw: Obj = input === undefined || input === null ? {} : isObj(input) ? input : (c.add([], 'must be a mapping'), {});
  c.known(raw, TOP_KEYS, []);
  mergeScalars(c, raw, cfg);
  if (cfg.tenantId !== MAIN_TENANT) {
    for (const a of Object.values(cfg.agents)) if (a.tenantId === MAIN_TENANT) a.tenantId = cfg.tenantId;
    for (const k of Object.values(cfg.keys)) if (k.tenantId === MAIN_TENANT) k.tenantId = cfg.tenantId;
  }
  cfg.agents = mergeMap(c, 'agents', raw['agents'], cfg.agents, (n, b, r) => mergeAgent(c, n, b, r, cfg.tenantId));
  cfg.keys = mergeMap(c, 'keys', raw['keys'], cfg.keys, (n, b, r) => mergeKey(c, n, b, r, cfg));
  cfg.files = mergeFiles(c, raw['files'], cfg.files);
  if (raw['faults'] !== undefined) {
    for (const m of faultConfigProblems(raw['faults'])) {
      const [path = 'faults', message = m] = m.split(/: (.*)/s);
      c.add(path.split('.'), message);
    }
    cfg.faults = (raw['faults'] ?? {}) as FaultConfig;
  }
  if (raw['deviations'] !== undefined) {
    const problems = deviationProblems(raw['deviations']);
    for (const m of problems) c.add(['deviations'], m);
    if (problems.length === 0) cfg.deviations = [...(raw['deviations'] as string[])];
  }
  crossCheck(c, cfg);
  if (c.problems.length > 0) throw new ServerConfigError(c.problems);
  return cfg;
}
