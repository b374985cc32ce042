import type { ResultColumn } from "@/lib/lake/browser";

/** The views' columns and types, as DuckDB describes them, beside the editor. */
export function SchemaSidebar({ schema }: { schema: { relation: string; columns: ResultColumn[] }[] | null }) {
  return (
    <aside className="explore-schema card" aria-label="Schema" data-testid="explore-schema">
      <h2>Schema</h2>
      {schema === null ? (
        <p className="muted">Loading…</p>
      ) : (
        schema.map(({ relation, columns }) => (
          <details key={relation} open>
            <summary>
              <code>{relation}</code>
            </summary>
            <ul>
              {columns.map((column) => (
                <li key={column.name}>
                  <code>{column.name}</code> <span className="muted">{column.type}</span>
                </li>
              ))}
            </ul>
          </details>
        ))
      )}
    </aside>
  );
}
