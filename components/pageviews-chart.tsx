"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";

export interface PageviewsChartProps {
  /** One entry per day (YYYY-MM-DD, the site's calendar), oldest first. */
  days: { day: string; pageviews: number }[];
}

// A fixed locale and UTC: the day strings are already calendar days, and the
// server-rendered labels must match the browser's to hydrate cleanly.
const shortDay = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });
const longDay = new Intl.DateTimeFormat("en", { weekday: "short", month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
const asDate = (day: string) => new Date(`${day}T00:00:00Z`);
// "15K" fits the axis at any traffic level; the tooltip shows the exact count.
const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const exact = new Intl.NumberFormat("en");

/** Daily pageviews as bars. */
export function PageviewsChart({ days }: PageviewsChartProps) {
  return (
    <BarChart responsive data={days} style={{ width: "100%", height: 260 }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid vertical={false} stroke="var(--border)" />
      <XAxis
        dataKey="day"
        tickFormatter={(day: string) => shortDay.format(asDate(day))}
        tick={{ fill: "var(--muted)", fontSize: 12 }}
        tickLine={false}
        axisLine={{ stroke: "var(--border)" }}
        minTickGap={16}
      />
      <YAxis allowDecimals={false} tickFormatter={(value: number) => compact.format(value)} tick={{ fill: "var(--muted)", fontSize: 12 }} tickLine={false} axisLine={false} width={48} />
      <Tooltip
        cursor={{ fill: "var(--accent-soft)" }}
        labelFormatter={(day) => (typeof day === "string" ? longDay.format(asDate(day)) : String(day))}
        formatter={(value) => [typeof value === "number" ? exact.format(value) : value, "Pageviews"]}
        contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", borderRadius: 8, color: "var(--text)" }}
      />
      <Bar dataKey="pageviews" name="Pageviews" fill="var(--accent)" radius={[4, 4, 0, 0]} maxBarSize={28} />
    </BarChart>
  );
}
