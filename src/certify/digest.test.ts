import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { syntheticReport } from '../report/synthetic.js';
import { canonicalJson, certificateDigest, verifyCertificate } from './digest.js';

describe('certificate digest', () => {
  it('canonical JSON sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 'x' }], c: undefined } })).toBe('{"a":{"d":[1,{"e":"x","f":2}]},"b":1}');
    expect(canonicalJson([undefined, null])).toBe('[null,null]');
  });

  it('is the SHA-256 of the canonical report without the digest, and detects changes', () => {
    const report = syntheticReport({ durationS: 2 });
    report.kind = 'certificate';
    report.certification = { verdict: 'CERTIFIED', requirements: [{ id: 'AUTH-001', statement: 's', level: 'MUST', section: '§2.3', status: 'pass' }] };
    const digest = certificateDigest(report);
    expect(digest).toBe(createHash('sha256').update(canonicalJson(report)).digest('hex'));
    report.certification.digest = digest;
    expect(certificateDigest(report)).toBe(digest);
    expect(verifyCertificate(JSON.parse(JSON.stringify(report)))).toBe(true);
    report.certification.verdict = 'NOT CERTIFIED';
    expect(verifyCertificate(report)).toBe(false);
  });
});
