/** Plain-text tables for terminals: padded columns, the first column shortened to fit a width. */

export type Align = 'left' | 'right';

/** Visible width (ANSI colour codes do not take space). */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\u001b\[[0-9;]*m/g, '')].length;
}

function pad(text: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Shortens `text` to `width` characters with an ellipsis in the middle (names differ at both ends). */
export function shorten(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 1) return chars.slice(0, width).join('');
  const head = Math.ceil((width - 1) / 2);
  const tail = width - 1 - head;
  return `${chars.slice(0, head).join('')}…${tail > 0 ? chars.slice(-tail).join('') : ''}`;
}

/**
 * Renders rows (the first is the header) as aligned columns two spaces apart, indented by
 * `indent`. When wider than `columns`, the first column is shortened (never below 8).
 */
export function textTable(rows: string[][], aligns: Align[], columns: number, indent = '  '): string[] {
  const count = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: count }, (_, i) => Math.max(0, ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const total = indent.length + widths.reduce((a, b) => a + b, 0) + 2 * Math.max(0, count - 1);
  const first = widths[0] ?? 0;
  if (total > columns && first > 8) widths[0] = Math.max(8, first - (total - columns));
  return rows.map(
    (r) =>
      indent +
      widths
        .map((w, i) => {
          const raw = r[i] ?? '';
          const text = i === 0 ? shorten(raw, w) : raw;
          return pad(text, w, aligns[i] ?? 'left');
        })
        .join('  ')
        .trimEnd(),
  );
}
