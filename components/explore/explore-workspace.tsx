"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { QuestionBox, type QuestionAnswer } from "@/components/nlq/question-box";
import type { SiteNlqContext } from "@/components/nlq/translate-question";
import { LakeError, openSiteLake, type LakeLoadProgress, type LakeLoadReport, type QueryResult, type ResultColumn, type SiteLake } from "@/lib/lake/browser";
import { guardSql, QUERY_TIME_LIMIT_MS } from "@/lib/nlq/guard";
import { chooseChart, DEFAULT_EXPLORE_SQL, downloadName, EXPLORE_RANGES, exploreDays, formatBytes, type ExploreRange } from "./explore-model";
import { ResultChart } from "./result-chart";
import { ResultsTable } from "./results-table";
import { SchemaSidebar } from "./schema-sidebar";

const SqlEditor = dynamic(() => import("./sql-editor"), {
  ssr: false,
  loading: () => <div className="explore-editor explore-editor-loading" aria-hidden="true" />,
});

/** Rows read from a result at most; downloads run the query again in full. */
const MAX_RESULT_ROWS = 10_000;
/** A lake older than this is opened again before a query, for the newest events (the tail). */
const LAKE_FRESH_MS = 5 * 60_000;
const SCHEMA_RELATIONS = ["events", "sessions"];

type Status =
  | { state: "idle" }
  | { state: "loading"; since: number; progress: LakeLoadProgress | null }
  | { state: "running"; since: number; what: string }
  | { state: "done"; message: string; elapsedMs?: number }
  | { state: "cancelled" }
  | { state: "error"; message: string };

interface ShownResult extends QueryResult {
  sql: string;
  /** What the question box said the SQL computes; none once the SQL is the reader's own. */
  restatement?: string;
}

/** A query to run: the editor's text, or a question's answer with its restatement. */
interface QueryToRun {
  sql: string;
  restatement?: string;
}

interface ExploreWorkspaceProps {
  siteId: string;
  siteName: string;
  timeZone: string;
  shareToken?: string;
  /** The question box: what the engines know of the site, whether the server offers the LLM engine, a question to answer on arrival (`?q=`). */
  questions?: { context: SiteNlqContext; llmAvailable: boolean; initialQuestion?: string };
}

/**
 * The Explore page: SQL over the site's whole history, run by DuckDB-WASM in
 * this browser (lib/lake/browser), with the views' schema, the result as a
 * table and a chart, downloads, progress and cancel. DuckDB's errors are
 * shown as they are: they are about SQL this reader wrote.
 */
export function ExploreWorkspace({ siteId, siteName, timeZone, shareToken, questions }: ExploreWorkspaceProps) {
  const [range, setRange] = useState<ExploreRange>("all");
  const [status, setStatus] = useState<Status>({ state: "idle" });
  const [result, setResult] = useState<ShownResult | null>(null);
  const [schema, setSchema] = useState<{ relation: string; columns: ResultColumn[] }[] | null>(null);
  const [loaded, setLoaded] = useState<LakeLoadReport | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const sql = useRef(DEFAULT_EXPLORE_SQL);
  // The editor owns its text; a question's answer replaces it by mounting the editor again with the new text.
  const [editor, setEditor] = useState({ version: 0, text: DEFAULT_EXPLORE_SQL });
  /** A question's answer that arrived while the lake was busy: run when it is free. */
  const waiting = useRef<QueryToRun | null>(null);
  const lake = useRef<{ range: ExploreRange; lake: SiteLake } | null>(null);
  const opening = useRef<AbortController | null>(null);
  const busy = status.state === "loading" || status.state === "running";

  // The elapsed time while something runs.
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, [busy]);

  /** The lake for `wanted`, opened (again) when missing, of another range or stale. */
  const lakeFor = useCallback(
    async (wanted: ExploreRange): Promise<SiteLake> => {
      const current = lake.current;
      if (current && current.range === wanted && Date.now() - current.lake.loaded.openedAt < LAKE_FRESH_MS) return current.lake;
      lake.current = null;
      void current?.lake.close();
      const controller = new AbortController();
      opening.current = controller;
      setStatus({ state: "loading", since: Date.now(), progress: null });
      try {
        const opened = await openSiteLake({ siteId, shareToken, ...exploreDays(wanted, new Date(), timeZone), signal: controller.signal, onProgress: (progress) => setStatus({ state: "loading", since: Date.now(), progress }) });
        lake.current = { range: wanted, lake: opened };
        setLoaded(opened.loaded);
        const described = [];
        for (const relation of SCHEMA_RELATIONS) {
          // A view the schema does not have (yet) is left out, not an error.
          const columns = await opened.describe(relation).catch(() => null);
          if (columns) described.push({ relation, columns });
        }
        setSchema(described);
        return opened;
      } finally {
        if (opening.current === controller) opening.current = null;
      }
    },
    [siteId, shareToken, timeZone],
  );

  const fail = useCallback((error: unknown) => {
    if (error instanceof LakeError && error.code === "cancelled") return setStatus({ state: "cancelled" });
    if (!(error instanceof LakeError)) console.error("[explore]", error);
    setStatus({ state: "error", message: error instanceof LakeError ? error.message : "Something went wrong in the page; see the browser console." });
  }, []);

  const run = useCallback(
    async (query: QueryToRun = { sql: sql.current }) => {
      if (busy) return;
      const text = query.sql;
      // Every query runs through the guard: one read-only SELECT over the views, its rows limited.
      const verdict = guardSql(text, { maxRows: MAX_RESULT_ROWS });
      if (!verdict.ok) return setStatus({ state: "error", message: `This SQL may not run: ${verdict.reason}` });
      let timedOut = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const opened = await lakeFor(range);
        setStatus({ state: "running", since: Date.now(), what: "Running" });
        // The query's own time is limited, not the history's loading.
        const limit = new AbortController();
        timer = setTimeout(() => {
          timedOut = true;
          limit.abort();
        }, QUERY_TIME_LIMIT_MS);
        const answer = await opened.query(verdict.sql, { maxRows: MAX_RESULT_ROWS, signal: limit.signal });
        setResult({ ...answer, sql: text, restatement: query.restatement });
        setStatus({ state: "done", message: `${answer.rows.length.toLocaleString("en")}${answer.truncated ? "+" : ""} rows in ${formatMs(answer.elapsedMs)}`, elapsedMs: answer.elapsedMs });
      } catch (error) {
        if (timedOut) setStatus({ state: "error", message: `The query ran longer than ${QUERY_TIME_LIMIT_MS / 1000} s and was stopped.` });
        else fail(error);
      } finally {
        clearTimeout(timer);
      }
    },
    [busy, fail, lakeFor, range],
  );

  /** A question's answer: its SQL into the editor, run now or as soon as the lake is free. */
  const runAnswer = useCallback(
    (answer: QuestionAnswer) => {
      sql.current = answer.sql;
      setEditor((current) => ({ version: current.version + 1, text: answer.sql }));
      const query = { sql: answer.sql, restatement: answer.restatement };
      // `opening`: the page's first load may have started since this render (an answer to `?q=` arrives that early).
      if (busy || opening.current) waiting.current = query;
      else void run(query);
    },
    [busy, run],
  );

  useEffect(() => {
    if (busy || !waiting.current) return;
    const query = waiting.current;
    waiting.current = null;
    void run(query);
  }, [busy, run]);

  const download = useCallback(
    async (format: "csv" | "parquet") => {
      if (busy || !result) return;
      try {
        const opened = await lakeFor(range);
        setStatus({ state: "running", since: Date.now(), what: `Writing ${format === "csv" ? "CSV" : "Parquet"}` });
        // The whole result: guarded like any query, without the table's row limit.
        const verdict = guardSql(result.sql, { maxRows: Number.MAX_SAFE_INTEGER });
        if (!verdict.ok) return setStatus({ state: "error", message: `This SQL may not run: ${verdict.reason}` });
        const blob = await opened.exportResult(verdict.sql, format);
        const url = URL.createObjectURL(blob);
        const link = document.createElement("a");
        link.href = url;
        link.download = downloadName(siteName, format, new Date());
        link.click();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        setStatus({ state: "done", message: `Downloaded ${formatBytes(blob.size)} of ${format === "csv" ? "CSV" : "Parquet"}` });
      } catch (error) {
        fail(error);
      }
    },
    [busy, fail, lakeFor, range, result, siteName],
  );

  const cancel = useCallback(() => {
    opening.current?.abort();
    lake.current?.lake.cancel();
  }, []);

  // Load the history (and the schema beside the editor) on arrival and when the range changes.
  useEffect(() => {
    let live = true;
    lakeFor(range).then(
      () => live && setStatus({ state: "idle" }),
      (error: unknown) => live && fail(error),
    );
    return () => {
      live = false;
    };
  }, [lakeFor, fail, range]);

  // Leaving the page frees the lake's connection and tables.
  useEffect(
    () => () => {
      opening.current?.abort();
      void lake.current?.lake.close();
    },
    [],
  );

  const chart = useMemo(() => (result ? chooseChart(result.columns, result.rows) : null), [result]);
  const completion = useMemo(() => Object.fromEntries((schema ?? []).map(({ relation, columns }) => [relation, columns.map((column) => column.name)])), [schema]);

  return (
    <div className="explore">
      <div className="explore-toolbar">
        <label className="explore-range">
          <span className="visually-hidden">Range</span>
          <select value={range} onChange={(event) => setRange(event.target.value as ExploreRange)} disabled={busy} aria-label="Range">
            {EXPLORE_RANGES.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button-primary" onClick={() => void run()} disabled={busy}>
          Run
        </button>
        <span className="muted explore-hint">Ctrl/⌘ + Enter</span>
        {busy ? (
          <button type="button" className="button button-danger" onClick={cancel}>
            Cancel
          </button>
        ) : null}
        <span className="explore-toolbar-end">
          <button type="button" className="button button-small" onClick={() => void download("csv")} disabled={busy || !result}>
            Download CSV
          </button>
          <button type="button" className="button button-small" onClick={() => void download("parquet")} disabled={busy || !result}>
            Download Parquet
          </button>
        </span>
      </div>

      <div className="explore-main">
        <div className="explore-work">
          {questions ? <QuestionBox siteId={siteId} context={questions.context} llmAvailable={questions.llmAvailable} shareToken={shareToken} initialQuestion={questions.initialQuestion} onAnswer={runAnswer} /> : null}
          <SqlEditor key={editor.version} initialValue={editor.text} onChange={(value) => (sql.current = value)} onRun={() => void run()} schema={completion} />
          <StatusLine status={status} now={now} />
          {loaded ? <LoadedLine loaded={loaded} /> : null}
          {result ? (
            <section className="card explore-output" aria-label="Result">
              {result.restatement ? (
                <p className="nlq-restatement" data-testid="nlq-restatement">
                  {result.restatement}
                </p>
              ) : null}
              {chart ? <ResultChart chart={chart} /> : null}
              <ResultsTable columns={result.columns} rows={result.rows} truncated={result.truncated} />
            </section>
          ) : null}
        </div>
        <SchemaSidebar schema={schema} />
      </div>
    </div>
  );
}

function StatusLine({ status, now }: { status: Status; now: number }) {
  let text = "";
  let className = "muted";
  switch (status.state) {
    case "loading": {
      const progress = status.progress;
      text =
        progress === null || progress.phase === "listing"
          ? "Listing the site's history…"
          : progress.phase === "fetching"
            ? `Loading ${progress.files} ${progress.files === 1 ? "file" : "files"} (${formatBytes(progress.bytes)})… ${progress.filesDone} of ${progress.files}`
            : "Starting the query engine…";
      break;
    }
    case "running":
      text = `${status.what}… ${formatMs(Math.max(0, now - status.since))}`;
      break;
    case "done":
      text = status.message;
      break;
    case "cancelled":
      text = "Cancelled";
      break;
    case "error":
      text = status.message;
      className = "form-error explore-error";
      break;
  }
  return (
    <p
      className={`explore-status ${className}`}
      role={status.state === "error" ? "alert" : "status"}
      data-testid="explore-status"
      data-state={status.state}
      // The query's own time, for `npm run bench -- lake`, which reads it from the page.
      data-elapsed-ms={status.state === "done" ? status.elapsedMs : undefined}
    >
      {text}
    </p>
  );
}

/** What the lake holds and where its bytes came from: the network, or the browser's cache. */
function LoadedLine({ loaded }: { loaded: LakeLoadReport }) {
  const files = loaded.files.length;
  return (
    <p
      className="muted explore-loaded"
      data-testid="explore-loaded"
      data-files={files}
      data-network-bytes={loaded.bytesFromNetwork}
      data-cache-bytes={loaded.bytesFromCache}
      data-load-ms={loaded.loadMs}
    >
      {files} {files === 1 ? "file" : "files"} · {formatBytes(loaded.bytesFromNetwork)} downloaded, {formatBytes(loaded.bytesFromCache)} from this browser&apos;s cache
      {loaded.tailBytes !== null ? ` · newest events ${formatBytes(loaded.tailBytes)}` : ""} · times in {loaded.timeZone}
    </p>
  );
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
