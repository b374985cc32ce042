import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db";
import type { BreakdownRow, Dimension } from "./dashboard-model";
import type { QueryPlan } from "./query-plan";

/**
 * The fast path for whole days. Without filters, they come from the
 * `daily_stats` rollup (lib/projections/daily-stats.ts), summed over days.
 * With filters on session dimensions only, the KPIs and chart come from the
 * range's sessions that pass them, straight from `sessions` (a session's hits
 * all fall on its day, so no per-hit filtering is needed); their breakdowns
 * take the exact path, which measured faster than working out the day rows
 * of those sessions.
 *
 * Why a sum of days is exact, unique visitors included: a visitor id lives on
 * one local day (the collector salts it with that day's salt), so the visitors of
 * different days are different ids. Where that does not hold for some visitor
 * (`multi_day_visitors` lists them), a range touching their days is answered
 * by the exact path over the raw read models instead.
 *
 * A range rarely falls on midnights: "last 30 days" ends at the next hour, and
 * its previous period starts mid-day. An edge day with no hits outside the
 * range counts whole; otherwise its part in the range is a `partial` range
 * for the exact path, whose sums add to the whole days' for the same reason.
 */
export interface WholeDaySplit {
  /** Local dates, `to` exclusive: at least one day. */
  days: { from: string; to: string };
  /** Sub-ranges of the plan's range the rollup cannot answer (at most two). */
  partial: { from: string; to: string }[];
}

/** The sums behind one bucket's KPIs; those of disjoint parts of a range add up to the range's. */
export interface TotalsSums {
  bucket: string;
  visitors: number;
  visits: number;
  pageviews: number;
  sessionPageviews: number;
  bounces: number;
  duration: number;
}

/** How `plan` splits into whole days and edge parts, or undefined when the rollup cannot answer it. */
export async function splitIntoWholeDays(db: Database, plan: QueryPlan): Promise<WholeDaySplit | undefined> {
  if (plan.page || plan.event || plan.from >= plan.to) return undefined;
  const firstDay = plan.from.slice(0, 10);
  const endDay = isMidnight(plan.to) ? plan.to.slice(0, 10) : nextDay(plan.to.slice(0, 10));
  const [facts] = await queryRows<{ mixed: boolean; before: boolean; after: boolean }>(
    db,
    sql`SELECT
          EXISTS (SELECT 1 FROM multi_day_visitors WHERE site_id = ${plan.siteId}::uuid AND first_day < ${endDay}::date AND last_day >= ${firstDay}::date) AS mixed,
          EXISTS (SELECT 1 FROM hourly_hits WHERE site_id = ${plan.siteId}::uuid AND hour_local >= ${firstDay}::timestamp AND hour_local < ${plan.from}::timestamp) AS before,
          EXISTS (SELECT 1 FROM hourly_hits WHERE site_id = ${plan.siteId}::uuid AND hour_local >= ${plan.to}::timestamp AND hour_local < ${endDay}::timestamp) AS after`,
  );
  if (!facts || facts.mixed) return undefined;
  const days = { from: facts.before ? nextDay(firstDay) : firstDay, to: facts.after ? previousDay(endDay) : endDay };
  // Without a whole day in the range, the rollup has nothing to add.
  if (days.from >= days.to) return undefined;
  const partial: WholeDaySplit["partial"] = [];
  if (facts.before) partial.push({ from: plan.from, to: `${days.from} 00:00` });
  if (facts.after) partial.push({ from: `${days.to} 00:00`, to: plan.to });
  return { days, partial };
}

/** The sums per bucket for the whole days, one per row of `buckets` (as dashboard.ts's exact path buckets them). */
export async function sumDailyTotals(db: Database, plan: QueryPlan, days: WholeDaySplit["days"], bucket: (hour: SQL) => SQL, buckets: SQL): Promise<TotalsSums[]> {
  const totals = plan.session
    ? // Buckets are whole days and a visitor id lives on one: distinct ids per bucket are exact.
      sql`SELECT ${bucket(sql`s.started_local`)} AS bucket, count(DISTINCT s.visitor_id) AS visitors, count(*) AS visits,
            sum(s.pageviews) AS pageviews, count(*) FILTER (WHERE s.bounce) AS bounces, sum(s.duration_seconds) AS duration
          FROM sessions s WHERE ${inDays(plan, days)} AND ${plan.session}
          GROUP BY 1`
    : sql`SELECT ${bucket(sql`d.day::timestamp`)} AS bucket, sum(d.visitors) AS visitors, sum(d.visits) AS visits,
            sum(d.pageviews) AS pageviews, sum(d.bounces) AS bounces, sum(d.duration_seconds) AS duration
          FROM daily_stats d
          WHERE d.site_id = ${plan.siteId}::uuid AND d.dimension = '' AND d.day >= ${days.from}::date AND d.day < ${days.to}::date
          GROUP BY 1`;
  const rows = await queryRows<Record<keyof TotalsSums, string>>(
    db,
    sql`
      WITH totals AS (${totals}), buckets AS (${buckets})
      SELECT to_char(b.bucket, 'YYYY-MM-DD"T"HH24:00') AS bucket, coalesce(t.visitors, 0) AS visitors, coalesce(t.visits, 0) AS visits,
        coalesce(t.pageviews, 0) AS pageviews,
        -- A session's hits all fall on its day, so its pageviews are the day's.
        coalesce(t.pageviews, 0) AS "sessionPageviews",
        coalesce(t.bounces, 0) AS bounces, coalesce(t.duration, 0) AS duration
      FROM buckets b LEFT JOIN totals t ON t.bucket = b.bucket
      ORDER BY b.bucket`,
  );
  return rows.map(toTotalsSums);
}

/** A row of totals as Postgres returns it (counts as text), one column per field of TotalsSums. */
export function toTotalsSums(row: Record<keyof TotalsSums, string>): TotalsSums {
  return {
    bucket: row.bucket,
    visitors: Number(row.visitors),
    visits: Number(row.visits),
    pageviews: Number(row.pageviews),
    sessionPageviews: Number(row.sessionPageviews),
    bounces: Number(row.bounces),
    duration: Number(row.duration),
  };
}

/** The sessions (alias `s`) that start on `days`. */
function inDays(plan: QueryPlan, days: WholeDaySplit["days"]): SQL {
  return sql`s.site_id = ${plan.siteId}::uuid AND s.started_local >= ${days.from}::timestamp AND s.started_local < ${days.to}::timestamp`;
}

/** Add parts of a range bucket by bucket (every part lists the same buckets). */
export function addTotals(parts: TotalsSums[][]): TotalsSums[] {
  const [first, ...rest] = parts;
  return first!.map((point, index) => {
    const sum = { ...point };
    for (const part of rest) {
      const other = part[index]!;
      sum.visitors += other.visitors;
      sum.visits += other.visits;
      sum.pageviews += other.pageviews;
      sum.sessionPageviews += other.sessionPageviews;
      sum.bounces += other.bounces;
      sum.duration += other.duration;
    }
    return sum;
  });
}

/** The days `daily_stats` answers the range's breakdowns from: without filters, when the range is whole days. */
export async function breakdownDays(db: Database, plan: QueryPlan): Promise<WholeDaySplit["days"] | undefined> {
  if (plan.filters.length > 0) return undefined;
  const split = await splitIntoWholeDays(db, plan);
  return split && split.partial.length === 0 ? split.days : undefined;
}

/**
 * Breakdowns of `dimensions` over whole days without filters, from
 * `daily_stats`, ordered as the exact path orders them (visitors desc, value
 * in code-point order): rows `offset + 1 .. offset + limit` of each.
 */
export async function dailyBreakdowns<D extends Dimension>(
  db: Database,
  plan: Pick<QueryPlan, "siteId">,
  days: WholeDaySplit["days"],
  dimensions: readonly D[],
  options: { limit?: number; offset?: number },
): Promise<Record<D, BreakdownRow[]>> {
  const offset = options.offset ?? 0;
  const rows = await queryRows<{ dimension: D; value: string; visitors: string; visits: string; pageviews: string; events: string }>(
    db,
    sql`
      SELECT dimension, value, visitors, visits, pageviews, events FROM (
        SELECT dimension, value, sum(visitors) AS visitors, sum(visits) AS visits, sum(pageviews) AS pageviews, sum(events) AS events,
          row_number() OVER (PARTITION BY dimension ORDER BY sum(visitors) DESC, value COLLATE "C") AS position
        FROM daily_stats
        WHERE site_id = ${plan.siteId}::uuid AND day >= ${days.from}::date AND day < ${days.to}::date
          AND dimension IN (${sql.join(
            dimensions.map((dimension) => sql`${dimension}`),
            sql`, `,
          )})
        GROUP BY dimension, value
      ) ranked
      WHERE position > ${offset} ${options.limit === undefined ? sql`` : sql`AND position <= ${offset + options.limit}`}
      ORDER BY dimension, position`,
  );
  const result = Object.fromEntries(dimensions.map((dimension) => [dimension, [] as BreakdownRow[]])) as Record<D, BreakdownRow[]>;
  for (const row of rows) {
    result[row.dimension].push({
      value: row.value,
      visitors: Number(row.visitors),
      visits: Number(row.visits),
      pageviews: Number(row.pageviews),
      events: Number(row.events),
    });
  }
  return result;
}

const isMidnight = (localHour: string) => localHour.endsWith(" 00:00");

function nextDay(day: string): string {
  return shiftDay(day, 1);
}

function previousDay(day: string): string {
  return shiftDay(day, -1);
}

function shiftDay(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
