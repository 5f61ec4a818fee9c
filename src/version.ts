import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The harness version from package.json (read once). */
export function harnessVersion(): string {
  if (cached === undefined) {
    const url = new URL('../package.json', import.meta.url);
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
    cached = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  }
  return cached;
}
