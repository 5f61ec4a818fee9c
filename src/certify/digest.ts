/**
 * The certificate digest: SHA-256 (hex) of the canonical JSON of the report with
 * `certification.digest` removed. Canonical = object keys sorted by UTF-16 code units, no
 * whitespace, JSON.stringify for every scalar. Anyone can recompute it from report.json.
 */
import { createHash } from 'node:crypto';
import type { Report } from '../report/model.js';

/** Deterministic JSON: sorted keys at every depth; `undefined` members dropped as JSON does. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The digest of a report's content (its own `certification.digest`, if any, excluded). */
export function certificateDigest(report: Report): string {
  const copy = JSON.parse(JSON.stringify(report)) as Report;
  if (copy.certification !== undefined) delete copy.certification.digest;
  return createHash('sha256').update(canonicalJson(copy)).digest('hex');
}

/** True when the report carries a digest and it matches its content. */
export function verifyCertificate(report: Report): boolean {
  const digest = report.certification?.digest;
  return digest !== undefined && digest === certificateDigest(report);
}
