import type { ResultColumn } from "@/lib/lake/browser";
import { formatCell } from "./explore-model";

/** Rows drawn at most; the download has them all. */
export const DISPLAYED_ROWS = 500;

interface ResultsTableProps {
  columns: ResultColumn[];
  rows: Record<string, unknown>[];
  /** More rows exist than were read. */
  truncated: boolean;
}

/** A query's result as a table, its first DISPLAYED_ROWS rows, saying how many there are. */
export function ResultsTable({ columns, rows, truncated }: ResultsTableProps) {
  const shown = rows.slice(0, DISPLAYED_ROWS);
  const count = `${rows.length.toLocaleString("en")}${truncated ? "+" : ""} ${rows.length === 1 && !truncated ? "row" : "rows"}`;
  return (
    <div className="explore-results">
      <p className="muted explore-row-count" data-testid="explore-row-count" data-rows={rows.length}>
        {count}
        {shown.length < rows.length || truncated ? ` (showing the first ${shown.length.toLocaleString("en")}; download for all)` : ""}
      </p>
      <div className="table-scroll">
        <table className="explore-table" data-testid="explore-results">
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.name} scope="col" title={column.type}>
                  {column.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, index) => (
              <tr key={index}>
                {columns.map((column) => {
                  const value = row[column.name];
                  return (
                    <td key={column.name} className={typeof value === "number" ? "explore-number" : value === null ? "explore-null" : undefined}>
                      {formatCell(value)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
