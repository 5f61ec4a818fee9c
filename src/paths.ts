import { fileURLToPath } from 'node:url';

/**
 * Folders shipped with the package. Resolved from this module's location so that they are
 * found both from src/ (tests) and from dist/ (the built CLI): both sit one level below the root.
 */
export const packageRoot = fileURLToPath(new URL('../', import.meta.url));
export const schemasDir = fileURLToPath(new URL('../schemas/', import.meta.url));
export const suitesDir = fileURLToPath(new URL('../suites/', import.meta.url));
