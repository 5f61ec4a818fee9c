/**
 * Sizes in suites: a number of bytes or a number with a unit. Binary units (KiB, MiB, GiB) are
 * powers of 1024, decimal ones (KB, MB, GB) powers of 1000, as their names say.
 */

const UNIT_BYTES: Readonly<Record<string, number>> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  KB: 1000,
  MB: 1000 ** 2,
  GB: 1000 ** 3,
};

/** The same grammar as the suite schema's `size` pattern; kept in step with it. */
export const SIZE_PATTERN = '^\\d+(\\.\\d+)?\\s*(B|KiB|MiB|GiB|KB|MB|GB)?$';

const SIZE_RE = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|KB|MB|GB)?$/;

/** Whole bytes for a size, or undefined when it is not one. Fractions round to the nearest byte. */
export function parseSize(input: unknown): number | undefined {
  if (typeof input === 'number') {
    return Number.isFinite(input) && input >= 0 ? Math.round(input) : undefined;
  }
  if (typeof input !== 'string') return undefined;
  const match = SIZE_RE.exec(input.trim());
  if (match === null) return undefined;
  const bytes = Number(match[1]) * (UNIT_BYTES[match[2] ?? 'B'] ?? 1);
  return Number.isSafeInteger(Math.round(bytes)) ? Math.round(bytes) : undefined;
}
