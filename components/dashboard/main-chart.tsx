"use client";

import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import type { Interval, Kpi } from "@/lib/query/dashboard-model";
import { formatKpi, formatKpiAxis, KPI_SHORT_LABELS } from "./format-metric";
import { formatBucketAxis, formatBucketLong } from "./format-time";

/** One point of the chart: a bucket of the range and the bucket at the same place in the previous period. */
export interface ChartPoint {
  bucket: string;
  value: number;
  previousBucket: string | null;
  previous: number | null;
}

interface MainChartProps {
  points: ChartPoint[];
  metric: Kpi;
  interval: Interval;
  /** Whether the range covers more than one day, so hourly ticks need their day. */
  multiDay: boolean;
}

function PointTooltip({ active, activeIndex, points, metric, interval }: TooltipContentProps & Omit<MainChartProps, "multiDay">) {
  const point = active && activeIndex != null ? points[Number(activeIndex)] : undefined;
  if (!point) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">{KPI_SHORT_LABELS[metric]}</p>
      <p>
        <span className="chart-key chart-key-current" aria-hidden="true" />
        {formatBucketLong(point.bucket, interval)}: <strong>{formatKpi(metric, point.value)}</strong>
      </p>
      {point.previousBucket !== null && point.previous !== null ? (
        <p className="muted">
          <span className="chart-key chart-key-previous" aria-hidden="true" />
          {formatBucketLong(point.previousBucket, interval)}: <strong>{formatKpi(metric, point.previous)}</strong>
        </p>
      ) : null}
    </div>
  );
}

/** The chosen KPI over the range, with the previous period as a dashed line. */
export function MainChart({ points, metric, interval, multiDay }: MainChartProps) {
  return (
    <ComposedChart responsive data={points} style={{ width: "100%", height: 280 }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
      <defs>
        <linearGradient id="main-chart-fill" x1="0" y1="0" x2="0" y2="1">
          <stop offset="0%" stopColor="var(--accent)" stopOpacity={0.25} />
          <stop offset="100%" stopColor="var(--accent)" stopOpacity={0.02} />
        </linearGradient>
      </defs>
      <CartesianGrid vertical={false} stroke="var(--border)" />
      <XAxis
        dataKey="bucket"
        tickFormatter={(bucket: string) => formatBucketAxis(bucket, interval, multiDay)}
        tick={{ fill: "var(--muted)", fontSize: 12 }}
        tickLine={false}
        axisLine={{ stroke: "var(--border)" }}
        minTickGap={24}
      />
      <YAxis
        allowDecimals={metric === "viewsPerVisit"}
        tickFormatter={(value: number) => formatKpiAxis(metric, value)}
        tick={{ fill: "var(--muted)", fontSize: 12 }}
        tickLine={false}
        axisLine={false}
        width={56}
      />
      <Tooltip
        cursor={{ stroke: "var(--muted)", strokeDasharray: "3 3" }}
        content={(props) => <PointTooltip {...props} points={points} metric={metric} interval={interval} />}
      />
      <Line
        type="monotone"
        dataKey="previous"
        name="Previous period"
        stroke="var(--muted)"
        strokeWidth={1.5}
        strokeDasharray="5 4"
        dot={false}
        activeDot={false}
        isAnimationActive={false}
      />
      <Area
        type="monotone"
        dataKey="value"
        name={KPI_SHORT_LABELS[metric]}
        stroke="var(--accent)"
        strokeWidth={2}
        fill="url(#main-chart-fill)"
        dot={false}
        activeDot={{ r: 4 }}
        isAnimationActive={false}
      />
    </ComposedChart>
  );
}
