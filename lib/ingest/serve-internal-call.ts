import "server-only";
import { internalRequest } from "@/edge/collector/internal-protocol";
import { internalToken, tokensEqual } from "@/lib/auth/internal-token";
import { authSecretOrThrow } from "@/lib/env";
import { nodeBackend } from "./node-backend";

let expectedToken: Promise<string> | undefined;

/** Authenticate and run one backend call from the Edge collector. */
export async function serveInternalCollectorCall(
  authorization: string | null,
  rawBody: string,
): Promise<{ status: number; body: unknown }> {
  expectedToken ??= internalToken(authSecretOrThrow());
  if (!authorization || !tokensEqual(authorization, `Bearer ${await expectedToken}`)) {
    return { status: 401, body: { error: { code: "unauthorized", message: "internal route: bad or missing token" } } };
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { status: 400, body: { error: { code: "invalid_json", message: "body is not valid JSON" } } };
  }
  const parsed = internalRequest.safeParse(json);
  if (!parsed.success) {
    return { status: 400, body: { error: { code: "invalid_request", message: parsed.error.issues[0]!.message } } };
  }
  const backend = await nodeBackend();
  const call = parsed.data;
  switch (call.op) {
    case "findSite":
      return { status: 200, body: { site: await backend.findSite(call.publicKey) } };
    case "findApiKey":
      return { status: 200, body: { key: await backend.findApiKey(call.secretHash) } };
    case "append":
      await backend.append(call.rows);
      return { status: 200, body: { stored: call.rows.length } };
    case "quarantine":
      await backend.quarantine(call.siteId, call.entries);
      return { status: 200, body: { stored: call.entries.length } };
    case "dailySalt":
      return { status: 200, body: { salt: await backend.dailySalt(call.day) } };
  }
}
