/**
 * What the report says about the target: its host, the `server` header and any version-ish
 * headers seen on responses (first value wins; bounded so a chatty target cannot grow it).
 */
import { redactText } from '../http/redact.js';
import type { Exchange } from '../http/types.js';
import type { Report } from '../report/model.js';

const MAX_VERSION_HEADERS = 10;
const VERSIONISH = /version|^x-powered-by$|^x-runtime$|^via$/i;
/** Header names classified so far: every response is observed, and a target sends the same few names. */
const MAX_CLASSIFIED = 256;

export class TargetFingerprint {
  private server: string | undefined;
  private readonly versionHeaders: Record<string, string> = {};
  private count = 0;
  private readonly host: string;
  private readonly classified = new Map<string, boolean>();

  constructor(baseUrl: string) {
    let host = baseUrl;
    try {
      host = new URL(baseUrl).host;
    } catch {
      // Not a URL: keep what was given; the run itself reports the requests as failed.
    }
    this.host = host;
  }

  /** Notes the response's fingerprint headers, with `secrets` (the run's keys) redacted: a target may echo them anywhere. */
  observe(exchange: Exchange, secrets: string[] = []): void {
    const headers = exchange.headers;
    if (this.server === undefined) {
      const server = headers['server'];
      if (server !== undefined) this.server = redactText(server, secrets);
    }
    if (this.count >= MAX_VERSION_HEADERS) return;
    for (const name in headers) {
      const value = headers[name];
      if (value === undefined || !this.versionish(name) || Object.hasOwn(this.versionHeaders, name)) continue;
      this.versionHeaders[name] = redactText(value, secrets);
      this.count += 1;
      if (this.count >= MAX_VERSION_HEADERS) return;
    }
  }

  private versionish(name: string): boolean {
    let known = this.classified.get(name);
    if (known === undefined) {
      known = VERSIONISH.test(name);
      if (this.classified.size < MAX_CLASSIFIED) this.classified.set(name, known);
    }
    return known;
  }

  result(): Report['target']['fingerprint'] {
    return {
      host: this.host,
      ...(this.server !== undefined ? { server: this.server } : {}),
      versionHeaders: { ...this.versionHeaders },
    };
  }
}

/** One fingerprint from several observers (worker threads): first server wins, headers unite. */
export function mergeFingerprints(parts: ReadonlyArray<Report['target']['fingerprint']>, baseUrl: string): Report['target']['fingerprint'] {
  if (parts.length === 0) return new TargetFingerprint(baseUrl).result();
  const server = parts.find((p) => p.server !== undefined)?.server;
  const versionHeaders: Record<string, string> = {};
  for (const p of parts) {
    for (const [name, value] of Object.entries(p.versionHeaders)) {
      if (!(name in versionHeaders) && Object.keys(versionHeaders).length < MAX_VERSION_HEADERS) versionHeaders[name] = value;
    }
  }
  return { host: parts[0]?.host ?? baseUrl, ...(server !== undefined ? { server } : {}), versionHeaders };
}
