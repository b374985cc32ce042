/**
 * `npm run nlq -- --site <id> [--engine embedded|llm] "question"`: the
 * question box from a terminal. Prints {sql, restatement, columns, rows} as
 * JSON; a question without an answer is a message on stderr and exit code 1
 * (see lib/nlq/run-question.ts).
 */
import { configuredOpenOptions, migrateDatabase, openDatabase } from "@/lib/db";
import { env, EnvError } from "@/lib/env";
import { lakeStore } from "@/lib/lake/blob-stores";
import { NLQ_USAGE, NlqArgsError, parseNlqArgs, type NlqCliArgs } from "@/lib/nlq/cli-args";
import { embeddedEngine } from "@/lib/nlq/embedded-engine";
import { llmModelFromEnv } from "@/lib/nlq/llm-config";
import { createLlmEngine } from "@/lib/nlq/llm-engine";
import type { NlqEngine } from "@/lib/nlq/nlq-types";
import { answerQuestion, QuestionFailed } from "@/lib/nlq/run-question";
import { prepareEnv } from "./prepare-env";

function engineFor(name: NlqCliArgs["engine"]): NlqEngine {
  if (name === "embedded") return embeddedEngine;
  const model = llmModelFromEnv(env());
  if (!model) throw new QuestionFailed("The LLM engine is not configured: set NLQ_LLM_BASE_URL, NLQ_LLM_API_KEY and NLQ_LLM_MODEL, or use --engine embedded");
  return createLlmEngine(model);
}

async function main(args: NlqCliArgs): Promise<void> {
  Object.assign(process.env, prepareEnv().vars);
  const engine = engineFor(args.engine);
  const handle = await openDatabase(configuredOpenOptions());
  try {
    await migrateDatabase(handle);
    const answer = await answerQuestion(handle.db, lakeStore(), args.siteId, args.question, engine);
    console.log(JSON.stringify(answer, null, 2));
  } finally {
    await handle.close();
  }
}

let args: NlqCliArgs;
try {
  args = parseNlqArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof NlqArgsError)) throw error;
  console.error(`${error.message}\n\n${NLQ_USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(NLQ_USAGE);
} else {
  await main(args).catch((error: unknown) => {
    // A known failure or a configuration problem is its message; anything else gets its stack.
    console.error(error instanceof QuestionFailed || error instanceof EnvError ? error.message : error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  });
}
