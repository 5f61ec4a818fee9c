/** Where a run's report goes by default: `reports/<YYYYMMDD-HHMMSS>-<suite>/` (UTC). */
import { join } from 'node:path';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function timestampSlug(date: Date): string {
  const d = `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`;
  const t = `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
  return `${d}-${t}`;
}

/** A file-system-safe form of a suite name. */
export function suiteSlug(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return slug === '' ? 'suite' : slug.slice(0, 60);
}

export function defaultReportDir(cwd: string, suiteName: string, date: Date): string {
  return join(cwd, 'reports', `${timestampSlug(date)}-${suiteSlug(suiteName)}`);
}
