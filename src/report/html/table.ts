/**
 * Tables for the report: a horizontal-scroll wrapper (phones), numeric columns right-aligned.
 * Cells are HTML: callers escape text they put in (see escape.ts).
 */

export interface Column<T> {
  header: string;
  /** Right-aligned, tabular figures. Default false. */
  numeric?: boolean;
  /** Wraps long text instead of widening the table. Default false. */
  wrap?: boolean;
  /** The cell's HTML (already escaped). */
  cell: (row: T) => string;
}

export interface TableOptions<T> {
  id?: string;
  columns: Column<T>[];
  rows: readonly T[];
  /** Shown instead of an empty table. Default "None." */
  empty?: string;
  /** Extra class for a row (e.g. `bad` for a failed threshold). */
  rowClass?: (row: T) => string | undefined;
  /** Accessible name of the table. */
  label?: string;
}

function cellClass<T>(c: Column<T>): string {
  const cls = [c.numeric ? 'num' : '', c.wrap ? 'wrap' : ''].filter((x) => x !== '');
  return cls.length > 0 ? ` class="${cls.join(' ')}"` : '';
}

export function table<T>(o: TableOptions<T>): string {
  if (o.rows.length === 0) return `<p class="muted">${o.empty ?? 'None.'}</p>`;
  const head = o.columns.map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ''}>${c.header}</th>`).join('');
  const body = o.rows
    .map((r) => {
      const cls = o.rowClass?.(r);
      const tds = o.columns.map((c) => `<td${cellClass(c)}>${c.cell(r)}</td>`).join('');
      return `<tr${cls ? ` class="${cls}"` : ''}>${tds}</tr>`;
    })
    .join('');
  const id = o.id ? ` id="${o.id}"` : '';
  const label = o.label ? ` aria-label="${o.label}"` : '';
  return `<div class="table-wrap"><table${id}${label}><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}
