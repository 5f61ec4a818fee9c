/** Identifier helpers shared by the server's modules. */
import { randomBytes } from 'node:crypto';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in canonical 8-4-4-4-12 hex form (any version, any case). */
export function isUuid(value: string): boolean {
  return value.length === 36 && UUID_RE.test(value);
}

/** A fresh API key secret: `phk_` + 32 hex characters. */
export function newKeySecret(): string {
  return `phk_${randomBytes(16).toString('hex')}`;
}

/** ISO-8601 timestamp of now. */
export function nowIso(): string {
  return new Date().toISOString();
}
