import { describe, expect, it } from 'vitest';
import type { Exchange } from '../http/types.js';
import { TargetFingerprint } from './fingerprint.js';

function exchange(headers: Record<string, string>): Exchange {
  return { method: 'GET', url: 'http://x/', status: 200, headers, truncated: false, startedAtMs: 0, durationUs: 1 };
}

describe('TargetFingerprint', () => {
  it('keeps the host, the first server header and version-ish headers', () => {
    const fp = new TargetFingerprint('https://api.example.com:8443/prefix');
    fp.observe(exchange({ server: 'phrony-gw/1.2', 'x-api-version': '2026-05', 'content-type': 'application/json' }));
    fp.observe(exchange({ server: 'other', 'x-api-version': 'later', 'x-powered-by': 'node' }));
    expect(fp.result()).toEqual({
      host: 'api.example.com:8443',
      server: 'phrony-gw/1.2',
      versionHeaders: { 'x-api-version': '2026-05', 'x-powered-by': 'node' },
    });
  });
  it('redacts the run\'s secrets from the headers it keeps', () => {
    const fp = new TargetFingerprint('http://h');
    fp.observe(exchange({ server: 'gw (key k3y-secret-1)', 'x-app-version': '2.k3y-secret-1' }), ['k3y-secret-1']);
    expect(fp.result()).toEqual({ host: 'h', server: 'gw (key [redacted])', versionHeaders: { 'x-app-version': '2.[redacted]' } });
  });
  it('tolerates a base URL that does not parse', () => {
    expect(new TargetFingerprint('not a url').result()).toEqual({ host: 'not a url', versionHeaders: {} });
  });
});
