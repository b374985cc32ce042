import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/lib/db";
import { sites } from "@/lib/db/schema";
import type { ResultColumn } from "@/lib/lake/browser/arrow-to-json";
import type { BlobStore } from "@/lib/lake/blob-store";
import { loadNlqContext } from "./nlq-context";
import type { NlqEngine } from "./nlq-types";
import { runSiteSql, SiteSqlFailed } from "./run-site-sql";

/** What `npm run nlq` prints. */
export interface QuestionAnswer {
  /** The engine's SQL, as the question box puts it in the editor (the guard's row limit is added when it runs). */
  sql: string;
  restatement: string;
  columns: ResultColumn[];
  rows: Record<string, unknown>[];
}

/** A question that has no answer to print: unknown site, not understood, SQL that may not or could not run. */
export class QuestionFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QuestionFailed";
  }
}

/**
 * Answer `question` about a site as the question box does: its context from
 * the read models, `engine`'s translation, and the SQL run over the site's
 * data by runSiteSql (guarded, the browser's views). Server-side callers
 * only: the site is not access-checked (the CLI runs as the operator).
 */
export async function answerQuestion(db: Database, store: BlobStore, siteId: string, question: string, engine: NlqEngine, now: Date = new Date()): Promise<QuestionAnswer> {
  const [site] = await db.select({ id: sites.id, timeZone: sites.timeZone }).from(sites).where(eq(sites.id, siteId));
  if (!site) throw new QuestionFailed(`No site ${siteId}`);
  const translation = await engine.translate(question, await loadNlqContext(db, site, now));
  if (!translation.ok) {
    const tries = translation.suggestions.length > 0 ? `\nTry: ${translation.suggestions.map((suggestion) => JSON.stringify(suggestion)).join(", ")}` : "";
    throw new QuestionFailed(`${translation.message}${tries}`);
  }
  try {
    const { columns, rows, tailTruncated } = await runSiteSql(db, store, site, translation.sql, { now });
    if (tailTruncated) process.emitWarning("The newest events were more than one read answers: the result misses the latest of them.");
    return { sql: translation.sql, restatement: translation.restatement, columns, rows };
  } catch (error) {
    if (error instanceof SiteSqlFailed) throw new QuestionFailed(`${error.message}\nSQL: ${translation.sql}`);
    throw error;
  }
}
