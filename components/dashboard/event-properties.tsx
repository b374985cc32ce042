import type { PropertyRow } from "@/lib/query/dashboard-model";
import { NONE_LABEL } from "./dimensions";
import { formatCount } from "./format-metric";

/** The properties sent with one custom event: each key and value with its visitors and events. */
export function EventProperties({ rows }: { rows: PropertyRow[] }) {
  if (rows.length === 0) return <p className="panel-empty muted">No properties were sent with this event in this range.</p>;
  return (
    <table className="breakdown properties-table">
      <thead>
        <tr>
          <th scope="col">Property</th>
          <th scope="col" className="num">
            Visitors
          </th>
          <th scope="col" className="num">
            Events
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.key}\u0000${row.value}`}>
            <th scope="row" className="property-cell">
              <span className="property-key">{row.key}</span> <span className="property-value">{row.value || NONE_LABEL}</span>
            </th>
            <td className="num">{formatCount(row.visitors)}</td>
            <td className="num">{formatCount(row.events)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
