/**
 * HTML escaping for every string that comes from a report: suite names, URLs, messages and
 * response bodies are produced outside the harness and must never become markup.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and for quoted attribute values. */
export function escapeHtml(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value ?? '');
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/**
 * Renders any JSON-ish value (expected/actual of a check) as escaped text. Strings are shown
 * as JSON so that an empty string or trailing spaces stay visible.
 */
export function escapeValue(value: unknown): string {
  if (value === undefined) return '';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Circular or BigInt values: fall back to the plain conversion rather than failing the page.
    text = String(value);
  }
  return escapeHtml(text);
}
