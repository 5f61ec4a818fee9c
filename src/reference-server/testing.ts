/**
 * A small HTTP client over fetch for the server's own tests and for scripts that drive it
 * (bench). It returns status, headers and the parsed body; it never throws on 4xx/5xx.
 */
import type { ReferenceServer } from './index.js';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  // The shape depends on the route; tests narrow it by assertion.
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RequestOptions {
  /** API key secret; default the server's `main` key; null sends none. */
  key?: string | null;
  /** JSON-serialized unless it is a string or bytes (sent as is). */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export class TestClient {
  constructor(readonly server: Pick<ReferenceServer, 'baseUrl' | 'keys'>) {}

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = {};
    const key = opts.key === undefined ? this.server.keys.main : opts.key;
    if (key !== null) headers['x-api-key'] = key;
    let body: string | Uint8Array | undefined;
    if (typeof opts.body === 'string' || opts.body instanceof Uint8Array) body = opts.body;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const url = path.startsWith('http') ? path : `${this.server.baseUrl}${path}`;
    const res = await fetch(url, { method, headers: { ...headers, ...opts.headers }, body, signal: opts.signal ?? AbortSignal.timeout(10_000) });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  get(path: string, opts?: RequestOptions): Promise<Reply> {
    return this.request('GET', path, opts);
  }

  post(path: string, body?: unknown, opts: RequestOptions = {}): Promise<Reply> {
    return this.request('POST', path, { ...opts, body });
  }

  startRun(agentId: string, input: Record<string, unknown> = {}, key?: string): Promise<Reply> {
    return this.post(`/v1/agents/${agentId}/runs`, { input }, key === undefined ? {} : { key });
  }

  /** Polls GET /v1/runs/{id} every 20 ms until `until(status)` holds (bounded by timeoutMs). */
  async waitFor(runId: string, until: (status: string) => boolean, timeoutMs = 5_000): Promise<Reply> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.get(`/v1/runs/${runId}`);
      if (r.status === 200 && until(r.json.status as string)) return r;
      if (Date.now() > deadline) throw new Error(`run ${runId} still ${String(r.json?.status)} after ${timeoutMs} ms`);
      await new Promise((done) => setTimeout(done, 20));
    }
  }
}

export const isTerminal = (s: string): boolean => s === 'Completed' || s === 'Failed';
