/**
 * What a probe talks to the target through: the harness's HttpClient (never a parallel HTTP
 * stack), the packaged JSON Schemas, a hard request budget, and the recorder and fingerprint
 * that feed the certificate report. Every exchange is recorded under its probe's name.
 */
import type { SchemaRegistry, SchemaResult } from '../checks/schemas.js';
import { sleep } from '../flow/sleep.js';
import type { HttpClient } from '../http/client.js';
import type { Exchange, HttpRequest } from '../http/types.js';
import type { MetricsRecorder } from '../metrics/registry.js';
import type { TargetFingerprint } from '../runner/fingerprint.js';
import { describeExchange, joinEvidence } from './evidence.js';
import type { CertifyTarget, CertifyTimings } from './types.js';

/** Largest body kept per answer: certification reads small JSON documents. */
const MAX_BODY_BYTES = 256 * 1024;

export interface CallSpec {
  method: string;
  /** Path under the base URL (`/v1/…`), or an absolute URL (presigned uploads). */
  path: string;
  /** The X-API-Key value; default the main key; null sends none. */
  key?: string | null;
  /** JSON body (serialized, with Content-Type: application/json). */
  json?: unknown;
  /** Raw body bytes, sent with `headers` as given. */
  raw?: Uint8Array;
  headers?: Record<string, string>;
}

/** Shared by every probe of one certification. */
export interface CertifyShared {
  client: HttpClient;
  schemas: SchemaRegistry;
  recorder: MetricsRecorder;
  fingerprint: TargetFingerprint;
  target: CertifyTarget;
  timings: CertifyTimings;
  signal: AbortSignal;
  /** Requests left; a probe that runs out gets a failed exchange instead of a request. */
  budget: { left: number; used: number };
  /** Values never written anywhere (the API keys). */
  secrets: string[];
}

export class ProbeContext {
  constructor(
    readonly shared: CertifyShared,
    readonly probe: string,
  ) {}

  get target(): CertifyTarget {
    return this.shared.target;
  }

  get timings(): CertifyTimings {
    return this.shared.timings;
  }

  /** Sends one request; never rejects (failures are in `exchange.error`). */
  async call(spec: CallSpec): Promise<Exchange> {
    const req = this.request(spec);
    const budget = this.shared.budget;
    if (budget.left <= 0) return refused(req, 'CERTIFY_BUDGET', 'the certification request budget is exhausted');
    budget.left -= 1;
    budget.used += 1;
    const ex = await this.shared.client.request(req);
    this.observe(ex);
    return ex;
  }

  /** Builds the HttpRequest of a call (also used by the stream probe). */
  request(spec: CallSpec): HttpRequest {
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    const key = spec.key === undefined ? this.target.apiKey : spec.key;
    if (key !== null) headers['x-api-key'] = key;
    let body: string | Uint8Array | undefined;
    if (spec.json !== undefined) {
      body = JSON.stringify(spec.json);
      headers['content-type'] = 'application/json';
    } else if (spec.raw !== undefined) body = spec.raw;
    const url = /^https?:\/\//i.test(spec.path) ? spec.path : `${this.target.baseUrl.replace(/\/+$/, '')}${spec.path}`;
    return {
      method: spec.method, url, headers, timeoutMs: this.timings.requestTimeoutMs, maxBodyBytes: MAX_BODY_BYTES,
      followRedirects: false, signal: this.shared.signal, ...(body !== undefined ? { body } : {}),
    };
  }

  /** Counts a request made outside `call` (the stream); false when the budget is exhausted. */
  spend(): boolean {
    const budget = this.shared.budget;
    if (budget.left <= 0) return false;
    budget.left -= 1;
    budget.used += 1;
    return true;
  }

  /** Feeds the report: latency, status code or error, and the target fingerprint. */
  observe(ex: Exchange): void {
    this.shared.fingerprint.observe(ex);
    const sample = { latencyUs: ex.durationUs, startedAtMs: ex.startedAtMs };
    this.shared.recorder.exchange(
      { flow: this.probe, step: 'requests' },
      { ...sample, ...(ex.status !== undefined ? { status: ex.status } : {}), ...(ex.error ? { error: ex.error.category } : {}) },
    );
  }

  schema(name: string, value: unknown): SchemaResult {
    return this.shared.schemas.validate(name, value);
  }

  /** `schema <name>: /path message; …` for evidence, or undefined when valid. */
  schemaProblem(name: string, value: unknown): string | undefined {
    const result = this.schema(name, value);
    if (result.valid) return undefined;
    const errors = result.errors.slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`);
    return `schema ${name}: ${errors.join('; ')}`;
  }

  describe(ex: Exchange): string {
    return describeExchange(ex, this.shared.secrets);
  }

  evidence(...parts: Array<string | undefined>): string {
    return joinEvidence(parts, this.shared.secrets);
  }

  /** Resolves false when the certification was interrupted. */
  sleep(ms: number): Promise<boolean> {
    return sleep(ms, this.shared.signal);
  }
}

function refused(req: HttpRequest, code: string, message: string): Exchange {
  return {
    method: req.method, url: req.url, headers: {}, truncated: false, startedAtMs: Date.now(), durationUs: 0,
    error: { category: 'other', code, message },
  };
}

/** The JSON body as an object, or undefined. */
export function jsonObject(ex: Exchange): Record<string, unknown> | undefined {
  const v = ex.json;
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
