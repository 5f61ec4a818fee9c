/**
 * Fault injection: added latency and a share of broken answers, optionally limited to some
 * routes/methods. One random roll per request picks at most one failure mode, so the shares
 * add up (their sum must be ≤ 1) and a seed makes a run repeatable.
 */

/** Added latency: a fixed delay, a uniform range, or a normal distribution (clamped at 0). */
export type LatencyFault =
  | { fixedMs: number }
  | { minMs: number; maxMs: number }
  | { meanMs: number; stdDevMs: number };

export interface FaultConfig {
  /** Latency added before each matching request is handled. Default none. */
  latency?: LatencyFault | null;
  /** Share (0..1) of matching requests answered with `errorStatus`. Default 0. */
  errorRate?: number;
  /** Status used for injected errors (500..599). Default 503. */
  errorStatus?: number;
  /** Share of matching requests never answered (until the client gives up). Default 0. */
  stallRate?: number;
  /** Share of matching requests whose socket is destroyed mid-response. Default 0. */
  dropRate?: number;
  /** Share of matching JSON answers cut short (still labelled application/json). Default 0. */
  invalidJsonRate?: number;
  /** Path patterns (`*` = within one segment, `**` = anything) the faults apply to. Default all. */
  routes?: string[];
  /** Methods the faults apply to (upper case). Default all. */
  methods?: string[];
  /** Seed of the random generator, for repeatable runs. Default random. */
  seed?: number;
}

/** What happens to one request. */
export type FaultMode = 'none' | 'error' | 'stall' | 'drop' | 'invalidJson';

export interface FaultDecision {
  delayMs: number;
  mode: FaultMode;
}

const NO_FAULT: FaultDecision = { delayMs: 0, mode: 'none' };

/** Problems in a fault config, as "path: message" strings (empty when valid). */
export function faultConfigProblems(f: unknown, at = 'faults'): string[] {
  if (f === undefined || f === null) return [];
  if (typeof f !== 'object' || Array.isArray(f)) return [`${at}: must be an object`];
  const c = f as Record<string, unknown>;
  const out: string[] = [];
  const known = ['latency', 'errorRate', 'errorStatus', 'stallRate', 'dropRate', 'invalidJsonRate', 'routes', 'methods', 'seed'];
  for (const k of Object.keys(c)) if (!known.includes(k)) out.push(`${at}.${k}: unknown field (known: ${known.join(', ')})`);
  let sum = 0;
  for (const k of ['errorRate', 'stallRate', 'dropRate', 'invalidJsonRate']) {
    const v = c[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) out.push(`${at}.${k}: must be a number between 0 and 1`);
    else sum += v;
  }
  if (sum > 1 + 1e-9) out.push(`${at}: errorRate + stallRate + dropRate + invalidJsonRate must be ≤ 1 (is ${sum})`);
  const st = c['errorStatus'];
  if (st !== undefined && (typeof st !== 'number' || !Number.isInteger(st) || st < 500 || st > 599)) {
    out.push(`${at}.errorStatus: must be an integer 500..599`);
  }
  out.push(...latencyProblems(c['latency'], `${at}.latency`));
  for (const k of ['routes', 'methods']) {
    const v = c[k];
    if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === ''))) {
      out.push(`${at}.${k}: must be a list of non-empty strings`);
    }
  }
  const seed = c['seed'];
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed))) out.push(`${at}.seed: must be an integer`);
  return out;
}

function latencyProblems(v: unknown, at: string): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v !== 'object' || Array.isArray(v)) return [`${at}: must be an object`];
  const l = v as Record<string, unknown>;
  const nonNeg = (k: string): boolean => typeof l[k] === 'number' && (l[k] as number) >= 0 && Number.isFinite(l[k]);
  if ('fixedMs' in l) return nonNeg('fixedMs') ? [] : [`${at}.fixedMs: must be a number ≥ 0`];
  if ('minMs' in l || 'maxMs' in l) {
    if (!nonNeg('minMs') || !nonNeg('maxMs')) return [`${at}: minMs and maxMs must be numbers ≥ 0`];
    return (l['minMs'] as number) <= (l['maxMs'] as number) ? [] : [`${at}: minMs must be ≤ maxMs`];
  }
  if ('meanMs' in l || 'stdDevMs' in l) {
    return nonNeg('meanMs') && nonNeg('stdDevMs') ? [] : [`${at}: meanMs and stdDevMs must be numbers ≥ 0`];
  }
  return [`${at}: give fixedMs, or minMs+maxMs, or meanMs+stdDevMs`];
}

/** mulberry32: tiny, fast, good enough for picking shares. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const body = escaped.replace(/\*\*|\*/g, (m) => (m === '**' ? '.*' : '[^/]*'));
  return new RegExp(`^${body}$`);
}

/** Decides, per request, which fault (if any) applies. Built once per setFaults. */
export class FaultInjector {
  readonly active: boolean;
  private readonly random: () => number;
  private readonly routes: RegExp[] | null;
  private readonly methods: Set<string> | null;

  constructor(readonly config: FaultConfig) {
    const c = config;
    this.active = (c.latency !== undefined && c.latency !== null) ||
      [c.errorRate, c.stallRate, c.dropRate, c.invalidJsonRate].some((r) => (r ?? 0) > 0);
    this.random = c.seed === undefined ? Math.random : prng(c.seed);
    this.routes = c.routes === undefined ? null : c.routes.map(globToRegExp);
    this.methods = c.methods === undefined ? null : new Set(c.methods.map((m) => m.toUpperCase()));
  }

  get errorStatus(): number {
    return this.config.errorStatus ?? 503;
  }

  decide(method: string, path: string): FaultDecision {
    if (!this.active) return NO_FAULT;
    if (this.methods !== null && !this.methods.has(method)) return NO_FAULT;
    if (this.routes !== null && !this.routes.some((r) => r.test(path))) return NO_FAULT;
    return { delayMs: this.latency(), mode: this.pickMode() };
  }

  private pickMode(): FaultMode {
    const c = this.config;
    const r = this.random();
    let edge = c.stallRate ?? 0;
    if (r < edge) return 'stall';
    edge += c.dropRate ?? 0;
    if (r < edge) return 'drop';
    edge += c.errorRate ?? 0;
    if (r < edge) return 'error';
    edge += c.invalidJsonRate ?? 0;
    if (r < edge) return 'invalidJson';
    return 'none';
  }

  private latency(): number {
    const l = this.config.latency;
    if (l === undefined || l === null) return 0;
    if ('fixedMs' in l) return l.fixedMs;
    if ('minMs' in l) return l.minMs + this.random() * (l.maxMs - l.minMs);
    // Box-Muller; 1 - random() avoids log(0).
    const z = Math.sqrt(-2 * Math.log(1 - this.random())) * Math.cos(2 * Math.PI * this.random());
    return Math.max(0, l.meanMs + z * l.stdDevMs);
  }
}
