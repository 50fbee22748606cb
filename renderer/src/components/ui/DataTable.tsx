import type { ReactNode } from 'react';

export interface Column<T> {
  key: string;
  title: string;
  /** The cell's content; its text is also the cell's tooltip when `text` gives it. */
  render: (row: T) => ReactNode;
  /** The cell's full text, shown on hover when the column is too narrow for it. */
  text?: (row: T) => string;
  align?: 'left' | 'right' | 'center';
  /** nowrap: one line (codes, dates, numbers); the others wrap. */
  nowrap?: boolean;
}

interface Props<T> {
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  caption?: string;
  empty?: string;
}

/** A plain table of rows (styles.css: table.data): wraps long text, never cuts it silently. */
export function DataTable<T>({ columns, rows, rowKey, caption, empty }: Props<T>) {
  return (
    <div className="table-scroll">
      <table className="data">
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} style={c.align ? { textAlign: c.align } : undefined}>
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty ? (
            <tr>
              <td colSpan={columns.length} className="muted">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={rowKey(r)}>
                {columns.map((c) => (
                  <td key={c.key} className={c.nowrap ? 'nowrap' : undefined} style={c.align ? { textAlign: c.align } : undefined} title={c.text?.(r)}>
                    {c.render(r)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
