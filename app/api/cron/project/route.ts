import { NextResponse } from "next/server";
import { serveCronProjection } from "@/lib/jobs/serve-cron-projection";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
/** Seconds; the run stops starting batches after lib/jobs' CRON_BUDGET_MS. */
export const maxDuration = 60;

/** Projection batches on a schedule (vercel.json crons; JOBS=external deploys). */
export async function GET(request: Request) {
  const { status, body } = await serveCronProjection(request.headers.get("authorization"));
  return NextResponse.json(body, { status });
}
