import { NextResponse } from "next/server";
import { serveCronLakeExport } from "@/lib/jobs/serve-cron-lake-export";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
/** Seconds; the run starts no batch or merge after lib/jobs' CRON_LAKE_BUDGET_MS, the rest is for the one in flight. */
export const maxDuration = 60;

/** The lake step (micro-batches, merges, deletes) on a schedule: vercel.json crons, every minute; JOBS=external deploys. */
export async function GET(request: Request) {
  const { status, body } = await serveCronLakeExport(request.headers.get("authorization"));
  return NextResponse.json(body, { status });
}
