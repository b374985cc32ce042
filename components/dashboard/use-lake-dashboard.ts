"use client";

import { useEffect, useRef, useState } from "react";
import type { ConversionDefinitions, DashboardConversions } from "@/lib/conversions";
import { chooseFunnel } from "@/lib/conversions/choose-funnel";
import { openSiteLake, type LakeLoadProgress, type OpenSiteLakeOptions, type SiteLake } from "@/lib/lake/browser";
import { lakeFunnel, lakeGoalResults } from "@/lib/lake/sql/conversions-sql";
import { dashboardTablesSql, lakeBreakdowns, lakeKpis, lakeProperties, lakeSeries, type RunSql } from "@/lib/lake/sql/dashboard-sql";
import { rolledBreakdowns, rolledSummary, splitRange } from "@/lib/lake/sql/rolled-dashboard";
import type { BreakdownRow, Dimension, Filter, Kpis, PropertyRow, SeriesPoint } from "@/lib/query/dashboard-model";
import { addDays, type ResolvedPeriod } from "@/lib/query/dashboard-url";

/** Rows per dimension for a panel, as the server's PANEL_ROWS (lib/query/load-dashboard.ts). */
const PANEL_ROWS = 50;

export interface LakeSummary {
  kpis: Kpis;
  previousKpis: Kpis;
  series: SeriesPoint[];
  previousSeries: SeriesPoint[];
  /** Days of the range answered from day rollups (the rest from events). */
  rolledDays: number;
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

/** A lake opened for some days, with the dashboard's tables built; kept while the files it needs stay the same. */
interface OpenLake {
  ready: Promise<SiteLake>;
  /** Aborting it closes the lake. */
  controller: AbortController;
}

type LakeOptions = Omit<OpenSiteLakeOptions, "signal" | "onProgress">;

/**
 * The dashboard's numbers for a range beyond the hot window, computed in this
 * browser by DuckDB-WASM over the site's lake files: the headline numbers and
 * chart first, then the panels, goals and funnel.
 *
 * Without filters (and by day, week or month) the KPIs, chart and panels come
 * from the day rollups of whole days and the raw events of the rest
 * (lib/lake/sql/rolled-dashboard.ts), which loads only those: a year takes a
 * few rows a day instead of every event. Goals, funnels, properties and
 * filters need every event: they open the whole lake of the days (the
 * previous run is aborted). Lakes stay open while the files they need stay
 * the same: a new filter, interval, property or funnel queries again.
 */
export function useLakeDashboard({ siteId, shareToken, period, filters, props, definitions, funnel }: LakeDashboardInput): { state: LakeDashboardState; retry: () => void } {
  const [state, setState] = useState<LakeDashboardState>({ phase: "loading", step: "Loading history" });
  const [attempt, setAttempt] = useState(0);
  const lakesRef = useRef(new Map<string, OpenLake>());
  const progressRef = useRef<(progress: LakeLoadProgress) => void>(() => {});
  // The effect depends on values, not on the objects the server renders afresh each time.
  const key = JSON.stringify({ siteId, shareToken, period, filters, props, definitions, funnel, attempt });

  // Close the lake when the dashboard goes away.
  useEffect(
    () => () => {
      for (const lake of lakesRef.current.values()) lake.controller.abort();
      lakesRef.current.clear();
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
    let summaryShown = false;
    // Loading progress until the summary shows; the whole lake a goal or funnel opens after that loads behind it.
    progressRef.current = (progress) => {
      if (!summaryShown) update({ phase: "loading", step: describeProgress(progress) });
    };

    const days = lakeDays(input.period);
    const base: LakeOptions = { ...days, siteId: input.siteId, shareToken: input.shareToken };
    const { range, previous, interval } = input.period;
    const rolled = input.filters.length === 0 && interval !== "hour";
    const wholeKey = JSON.stringify({ ...base, attempt: input.attempt });
    const rolledKey = JSON.stringify({ ...base, attempt: input.attempt, rollupsFor: [range, previous] });
    // Lakes this run may use stay open; the others close.
    for (const [lakeKey, lake] of lakesRef.current) {
      if (lakeKey !== wholeKey && lakeKey !== rolledKey) {
        lake.controller.abort();
        lakesRef.current.delete(lakeKey);
      }
    }
    const lakeFor = (lakeKey: string, options: LakeOptions): OpenLake => {
      const open = lakesRef.current.get(lakeKey);
      if (open) return open;
      const controller = new AbortController();
      const ready = openSiteLake({ ...options, signal: controller.signal, onProgress: (progress) => progressRef.current(progress) }).then(async (lake) => {
        progressRef.current({ phase: "ready", files: 0, filesDone: 0, bytes: 0, bytesDone: 0 });
        for (const statement of dashboardTablesSql()) await lake.query(statement, { signal: controller.signal });
        return lake;
      });
      const lake = { ready, controller };
      lakesRef.current.set(lakeKey, lake);
      // A lake that failed to open is not kept: "Try again" opens a new one.
      ready.catch(() => {
        if (lakesRef.current.get(lakeKey) === lake) {
          controller.abort();
          lakesRef.current.delete(lakeKey);
        }
      });
      return lake;
    };
    const runOn = async (lake: OpenLake): Promise<RunSql> => {
      const opened = await lake.ready;
      return async (sql) => (await opened.query(sql, { signal })).rows;
    };

    const showSummary = (summary: LakeSummary) => {
      update({ phase: "summary", summary });
      // User Timing marks for the devtools and the lake bench, which times the dashboard's steps by them.
      performance.mark("lake-dashboard:summary");
      summaryShown = true;
    };

    async function load() {
      const query = { range, filters: input.filters };
      const previousQuery = { range: previous, filters: input.filters };
      let summary: LakeSummary;
      let breakdowns: Record<Dimension, BreakdownRow[]>;
      // One statement at a time: a lake runs them in turn anyway.
      if (rolled) {
        const lake = lakeFor(rolledKey, { ...base, rollupsFor: [range, previous] });
        const run = await runOn(lake);
        const days = new Set((await lake.ready).loaded.rolledDays);
        update({ phase: "loading", step: "Counting" });
        const current = await rolledSummary(run, range, interval, days);
        const before = await rolledSummary(run, previous, interval, days);
        summary = {
          kpis: current.kpis,
          previousKpis: before.kpis,
          series: current.series,
          previousSeries: before.series,
          rolledDays: splitRange(range, days).days.length,
        };
        showSummary(summary);
        breakdowns = await rolledBreakdowns(run, range, days, { limit: PANEL_ROWS });
      } else {
        const run = await runOn(lakeFor(wholeKey, base));
        update({ phase: "loading", step: "Counting" });
        summary = {
          kpis: await lakeKpis(run, query),
          previousKpis: await lakeKpis(run, previousQuery),
          series: await lakeSeries(run, query, interval),
          previousSeries: await lakeSeries(run, previousQuery, interval),
          rolledDays: 0,
        };
        showSummary(summary);
        breakdowns = await lakeBreakdowns(run, query, { limit: PANEL_ROWS });
      }
      const { goals, funnels } = input.definitions;
      const shown = chooseFunnel(funnels, input.funnel);
      const needsEvents = input.props !== undefined || goals.length > 0 || shown !== undefined;
      const run = needsEvents ? await runOn(lakeFor(wholeKey, base)) : null;
      const conversions: DashboardConversions = {
        goals: run ? await lakeGoalResults(run, query, goals) : [],
        funnels,
        funnel: run && shown ? { funnel: shown, steps: await lakeFunnel(run, query, shown.steps) } : undefined,
      };
      const properties = run && input.props !== undefined ? await lakeProperties(run, query, input.props) : null;
      update({ phase: "done", summary, panels: { breakdowns, properties, conversions } });
      performance.mark("lake-dashboard:done");
    }
    load().catch((error: unknown) => {
      if (signal.aborted) return;
      // The details are for the console; the reader gets what happened and what to do.
      console.error("[lake dashboard]", error);
      update({ phase: "error", message: "The history for this range could not be loaded." });
    });
    return () => controller.abort();
  }, [key]);

  return { state, retry: () => setAttempt((count) => count + 1) };
}
