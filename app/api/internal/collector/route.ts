import { NextResponse } from "next/server";
import { serveInternalCollectorCall } from "@/lib/ingest/serve-internal-call";

export const runtime = "nodejs";

/** The Node side of the embedded collector: see edge/collector/internal-http-backend.ts. */
export async function POST(request: Request) {
  const { status, body } = await serveInternalCollectorCall(request.headers.get("authorization"), await request.text());
  return NextResponse.json(body, { status });
}
