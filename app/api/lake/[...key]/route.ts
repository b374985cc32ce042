import { serveLakeFile } from "@/lib/lake/serve-lake-file";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ key: string[] | string }> };

/** The catch-all's segments (a plain string too, for callers that build params by hand). */
const segmentsOf = async (context: Context) => [(await context.params).key].flat();

/** A local lake file by signed URL (the embedded default's blob store). */
export async function GET(request: Request, context: Context) {
  return serveLakeFile(request, await segmentsOf(context));
}

/** The same answer's headers: DuckDB asks for a file's size this way. */
export async function HEAD(request: Request, context: Context) {
  return serveLakeFile(request, await segmentsOf(context));
}
