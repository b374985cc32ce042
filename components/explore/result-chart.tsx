"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartChoice } from "./explore-model";

const COLORS = ["var(--accent)", "#0ea5e9", "#f59e0b", "#10b981"];
const STYLE = { width: "100%", height: 280 };
const MARGIN = { top: 8, right: 8, bottom: 0, left: 0 };

/** The automatic chart of a result (see chooseChart); nothing when the result has no chart. */
export function ResultChart({ chart }: { chart: ChartChoice }) {
  if (chart.kind === "none") return null;
  const axes = (
    <>
      <CartesianGrid vertical={false} stroke="var(--border)" />
      <XAxis dataKey={chart.x} tick={{ fontSize: 12, fill: "var(--muted)" }} stroke="var(--border)" minTickGap={16} />
      <YAxis tick={{ fontSize: 12, fill: "var(--muted)" }} stroke="var(--border)" width={64} />
      <Tooltip contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", borderRadius: 8 }} />
      {chart.series.length > 1 ? <Legend /> : null}
    </>
  );
  return (
    <figure className="explore-chart" data-testid="explore-chart" data-kind={chart.kind} aria-label={`${chart.kind === "line" ? "Line" : "Bar"} chart of ${chart.series.join(", ")} by ${chart.x}`}>
      {chart.kind === "line" ? (
        <LineChart responsive data={chart.data} style={STYLE} margin={MARGIN}>
          {axes}
          {chart.series.map((name, index) => (
            <Line key={name} type="monotone" dataKey={name} stroke={COLORS[index % COLORS.length]} strokeWidth={2} dot={chart.data.length <= 60} isAnimationActive={false} />
          ))}
        </LineChart>
      ) : (
        <BarChart responsive data={chart.data} style={STYLE} margin={MARGIN}>
          {axes}
          {chart.series.map((name, index) => (
            <Bar key={name} dataKey={name} fill={COLORS[index % COLORS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      )}
    </figure>
  );
}
