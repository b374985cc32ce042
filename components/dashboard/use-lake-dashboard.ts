"use client";

import { useEffect, useRef, useState } from "react";
import type { ConversionDefinitions, DashboardConversions } from "@/lib/conversions";
import { chooseFunnel } from "@/lib/conversions/choose-funnel";
import { openSiteLake, type LakeLoadProgress, type SiteLake } from "@/lib/lake/browser";
import { lakeFunnel, lakeGoalResults } from "@/lib/lake/sql/conversions-sql";
import { dashboardTablesSql, lakeBreakdowns, lakeKpis, lakeProperties, lakeSeries, type RunSql } from "@/lib/lake/sql/dashboard-sql";
import type { BreakdownRow, Dimension, Filter, Kpis, PropertyRow, SeriesPoint } from "@/lib/query/dashboard-model";
import { addDays, type ResolvedPeriod } from "@/lib/query/dashboard-url";

/** Rows per dimension for a panel, as the server's PANEL_ROWS (lib/query/load-dashboard.ts). */
const PANEL_ROWS = 50;

export interface LakeSummary {
  kpis: Kpis;
  previousKpis: Kpis;
  series: SeriesPoint[];
  previousSeries: SeriesPoint[];
}

export interface LakePanels {
  breakdowns: Record<Dimension, BreakdownRow[]>;
  properties: PropertyRow[] | null;
  conversions: DashboardConversions;
}

export type LakeDashboardState =
  | { phase: "loading"; step: string }
  | { phase: "summary"; summary: LakeSummary }
  | { phase: "done"; summary: LakeSummary; panels: LakePanels }
  | { phase: "error"; message: string };

/** What the browser-computed dashboard shows: the lake's site, range, filters and open parts. */
export interface LakeDashboardInput {
  siteId: string;
  shareToken?: string;
  period: ResolvedPeriod;
  filters: Filter[];
  /** The custom event whose properties are open. */
  props?: string;
  /** The site's goals and funnels, whose numbers are computed here. */
  definitions: ConversionDefinitions;
  /** The id of the funnel shown (the site's first when unset). */
  funnel?: string;
}

/**
 * The local days of lake files a dashboard needs: from a day before the
 * previous period (sessions running into it from the day before are whole)
 * to a day after the range (sessions running past its end count whole).
 */
export function lakeDays(period: ResolvedPeriod): { from: string; to: string } {
  const lastDay = period.range.to.endsWith("T00:00") ? addDays(period.range.to.slice(0, 10), -1) : period.range.to.slice(0, 10);
  return { from: addDays(period.previous.from.slice(0, 10), -1), to: addDays(lastDay, 1) };
}

function describeProgress(progress: LakeLoadProgress): string {
  switch (progress.phase) {
    case "listing":
      return "Finding the site's history";
    case "fetching":
      return `Loading history: ${progress.filesDone} of ${progress.files} day files`;
    case "starting":
      return "Starting the query engine";
    case "ready":
      return "Finding sessions";
  }
}

/** A lake opened for some days, with the dashboard's tables built; kept while only filters, interval or properties change. */
interface OpenLake {
  key: string;
  ready: Promise<SiteLake>;
  /** Aborting it closes the lake. */
  controller: AbortController;
}

/**
 * The dashboard's numbers for a range beyond the hot window, computed in this
 * browser by DuckDB-WASM over the site's lake files: the headline numbers and
 * chart first, then the panels, goals and funnel. The lake stays open while the days it needs
 * stay the same: a new filter, interval, property or funnel only queries again (the
 * previous run is aborted); new days open a new lake.
 */
export function useLakeDashboard({ siteId, shareToken, period, filters, props, definitions, funnel }: LakeDashboardInput): { state: LakeDashboardState; retry: () => void } {
  const [state, setState] = useState<LakeDashboardState>({ phase: "loading", step: "Loading history" });
  const [attempt, setAttempt] = useState(0);
  const lakeRef = useRef<OpenLake | null>(null);
  const progressRef = useRef<(progress: LakeLoadProgress) => void>(() => {});
  // The effect depends on values, not on the objects the server renders afresh each time.
  const key = JSON.stringify({ siteId, shareToken, period, filters, props, definitions, funnel, attempt });

  // Close the lake when the dashboard goes away.
  useEffect(
    () => () => {
      lakeRef.current?.controller.abort();
      lakeRef.current = null;
    },
    [],
  );

  useEffect(() => {
    const input = JSON.parse(key) as LakeDashboardInput & { attempt: number };
    const controller = new AbortController();
    const { signal } = controller;
    const update = (next: LakeDashboardState) => {
      if (!signal.aborted) setState(next);
    };
    progressRef.current = (progress) => update({ phase: "loading", step: describeProgress(progress) });

    const days = lakeDays(input.period);
    const lakeKey = JSON.stringify({ siteId: input.siteId, shareToken: input.shareToken, days, attempt: input.attempt });
    if (lakeRef.current?.key !== lakeKey) {
      lakeRef.current?.controller.abort();
      const lakeController = new AbortController();
      const ready = openSiteLake({ ...days, siteId: input.siteId, shareToken: input.shareToken, signal: lakeController.signal, onProgress: (progress) => progressRef.current(progress) }).then(
        async (lake) => {
          progressRef.current({ phase: "ready", files: 0, filesDone: 0, bytes: 0, bytesDone: 0 });
          for (const statement of dashboardTablesSql()) await lake.query(statement, { signal: lakeController.signal });
          return lake;
        },
      );
      lakeRef.current = { key: lakeKey, ready, controller: lakeController };
    }
    const opened = lakeRef.current!;

    async function load() {
      const lake = await opened.ready;
      const run: RunSql = async (sql) => (await lake.query(sql, { signal })).rows;
      update({ phase: "loading", step: "Counting" });
      const query = { range: input.period.range, filters: input.filters };
      const previousQuery = { range: input.period.previous, filters: input.filters };
      // One statement at a time: the lake runs them in turn anyway.
      const summary: LakeSummary = {
        kpis: await lakeKpis(run, query),
        previousKpis: await lakeKpis(run, previousQuery),
        series: await lakeSeries(run, query, input.period.interval),
        previousSeries: await lakeSeries(run, previousQuery, input.period.interval),
      };
      update({ phase: "summary", summary });
      const breakdowns = await lakeBreakdowns(run, query, { limit: PANEL_ROWS });
      const properties = input.props === undefined ? null : await lakeProperties(run, query, input.props);
      const { goals, funnels } = input.definitions;
      const shown = chooseFunnel(funnels, input.funnel);
      const conversions: DashboardConversions = {
        goals: await lakeGoalResults(run, query, goals),
        funnels,
        funnel: shown ? { funnel: shown, steps: await lakeFunnel(run, query, shown.steps) } : undefined,
      };
      update({ phase: "done", summary, panels: { breakdowns, properties, conversions } });
    }
    load().catch((error: unknown) => {
      if (signal.aborted) return;
      // A lake that failed to open is not kept: "Try again" opens a new one.
      if (lakeRef.current === opened) {
        opened.controller.abort();
        lakeRef.current = null;
      }
      // The details are for the console; the reader gets what happened and what to do.
      console.error("[lake dashboard]", error);
      update({ phase: "error", message: "The history for this range could not be loaded." });
    });
    return () => controller.abort();
  }, [key]);

  return { state, retry: () => setAttempt((count) => count + 1) };
}
