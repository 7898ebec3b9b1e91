import type { ReactNode } from 'react';

export type TColumn = { label: ReactNode; /** Class of this column's cells, e.g. "hash" for ids. */ className?: string };
export type TRow = { key: string; cells: ReactNode[] };

type TProps = {
  /** The id of the heading or caption that names the table (and its scrollable region). */
  labelledBy: string;
  caption?: ReactNode;
  columns: TColumn[];
  rows: TRow[];
  /** The first cell of each row names the row (a row header for screen readers). */
  rowHeaders?: boolean;
  testId?: string;
};

/**
 * A data table in a region that scrolls sideways on a narrow screen and can be reached by keyboard
 * (WCAG 1.4.10 reflow, 2.1.1): column headers, optional row headers, named by a heading or caption.
 */
export function DataTable({ labelledBy, caption, columns, rows, rowHeaders = false, testId }: TProps) {
  return (
    <div className="table-wrap" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      <table className="data" data-testid={testId}>
        {caption ? <caption id={labelledBy}>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, i) =>
                rowHeaders && i === 0 ? (
                  <th key={i} scope="row" className={columns[i]?.className}>
                    {cell}
                  </th>
                ) : (
                  <td key={i} className={columns[i]?.className}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
