/**
 * The verdict's reasons under a banner: the first few in view, the rest behind a toggle, so a
 * run with dozens of regressed figures still shows its verdict and nav on the first screen.
 */
import { escapeHtml } from './escape.js';

/** Reasons shown before the "more" toggle. */
export const VISIBLE_REASONS = 6;

export function reasonsList(reasons: readonly string[], visible = VISIBLE_REASONS): string {
  if (reasons.length === 0) return '';
  const li = (r: string): string => `<li>${escapeHtml(r)}</li>`;
  const head = `<ul class="reasons">${reasons.slice(0, visible).map(li).join('')}</ul>`;
  const rest = reasons.slice(visible);
  if (rest.length === 0) return head;
  return `${head}<details class="more-reasons"><summary>${rest.length} more</summary><ul class="reasons">${rest.map(li).join('')}</ul></details>`;
}
