import type { ProjectionLag } from "@/lib/projections";
import type { QuarantinedEvent, SystemStatus } from "@/lib/query/system-status";
import { formatCount } from "./format-metric";

// Server components only: times are formatted once, in the site's time zone.
const timeFormat = (timeZone: string, withDay: boolean) =>
  new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    hour: "2-digit",
    minute: "2-digit",
    ...(withDay ? { month: "short", day: "numeric", second: "2-digit" } : {}),
  });

const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** Lag the projection worker's normal rhythm explains; past it the lag is shown as a problem. */
const WORRYING_LAG_MS = 60_000;

/** "caught up", "3.2 s behind", "4.5 min behind", "2.1 h behind". */
export function formatLag(lagMs: number): string {
  if (lagMs <= 0) return "caught up";
  if (lagMs < 100) return "< 0.1 s behind";
  // Compared after rounding, so 59,990 ms reads "1.0 min", never "60.0 s".
  const seconds = Math.round(lagMs / 100) / 10;
  if (seconds < 60) return `${oneDecimal.format(seconds)} s behind`;
  const minutes = Math.round(lagMs / 6_000) / 10;
  if (minutes < 60) return `${oneDecimal.format(minutes)} min behind`;
  return `${oneDecimal.format(lagMs / 3_600_000)} h behind`;
}

/** One bar per minute, the height relative to the busiest minute. */
export function SystemEventsPerMinute({ minutes, timeZone }: { minutes: SystemStatus["eventsPerMinute"]; timeZone: string }) {
  const clock = timeFormat(timeZone, false);
  const total = minutes.reduce((sum, minute) => sum + minute.events, 0);
  const peak = Math.max(0, ...minutes.map((minute) => minute.events));
  const first = minutes[0];
  const last = minutes.at(-1);
  return (
    <section className="card system-section" aria-labelledby="system-ingest">
      <h2 id="system-ingest">Events received per minute</h2>
      <p className="muted system-summary">
        {formatCount(total)} in the last hour{peak > 0 ? ` · busiest minute ${formatCount(peak)}` : ""}
      </p>
      <ol className="system-minutes">
        {minutes.map(({ minute, events }) => {
          const label = `${clock.format(new Date(minute))}: ${formatCount(events)} ${events === 1 ? "event" : "events"}`;
          return (
            <li key={minute} title={label}>
              <span className="system-minute-bar" style={{ height: peak > 0 ? `${(events / peak) * 100}%` : 0 }} />
              <span className="visually-hidden">{label}</span>
            </li>
          );
        })}
      </ol>
      {first && last ? (
        <div className="system-minutes-axis muted" aria-hidden="true">
          <span>{clock.format(new Date(first.minute))}</span>
          <span>{clock.format(new Date(last.minute))}</span>
        </div>
      ) : null}
    </section>
  );
}

/** Each projection's distance behind the event log. */
export function SystemProjectionLag({ lag, timeZone }: { lag: ProjectionLag[]; timeZone: string }) {
  const stamp = timeFormat(timeZone, true);
  return (
    <section className="card system-section" aria-labelledby="system-lag">
      <h2 id="system-lag">Projections</h2>
      <div className="table-scroll">
        <table className="system-table">
          <thead>
            <tr>
              <th scope="col">Projection</th>
              <th scope="col">Lag</th>
              <th scope="col">Last update</th>
            </tr>
          </thead>
          <tbody>
            {lag.map((row) => (
              <tr key={row.name}>
                <td>
                  <code>{row.name}</code>
                </td>
                <td className={row.lagMs >= WORRYING_LAG_MS ? "system-behind" : undefined}>{formatLag(row.lagMs)}</td>
                <td>{row.updatedAt ? <time dateTime={row.updatedAt.toISOString()}>{stamp.format(row.updatedAt)}</time> : <span className="muted">never</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The newest rejected payloads and why each was refused. */
export function SystemQuarantine({ rows, total, timeZone }: { rows: QuarantinedEvent[]; total: number; timeZone: string }) {
  const stamp = timeFormat(timeZone, true);
  return (
    <section className="card system-section" aria-labelledby="system-quarantine">
      <h2 id="system-quarantine">Rejected events</h2>
      {rows.length === 0 ? (
        <p className="panel-empty muted">No rejected events</p>
      ) : (
        <>
          <p className="muted system-summary">
            {rows.length < total ? `The latest ${formatCount(rows.length)} of ${formatCount(total)}` : `${formatCount(total)} in quarantine`}
          </p>
          <table className="system-table system-quarantine">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Reason</th>
                <th scope="col">Payload</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={`${row.receivedAt.toISOString()}-${index}`}>
                  <td>
                    <time dateTime={row.receivedAt.toISOString()}>{stamp.format(row.receivedAt)}</time>
                  </td>
                  <td>{row.reason}</td>
                  <td>
                    <code className="system-payload">{row.payload}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
