/**
 * Where browser tests leave their screenshots: test-artifacts/ at the repository root
 * (git-ignored), created on demand.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function artifactsDir(): string {
  const dir = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  return dir;
}
