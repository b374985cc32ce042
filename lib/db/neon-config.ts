import { neonConfig } from "@neondatabase/serverless";

/**
 * Points Neon's WebSocket driver at a local websockify proxy (tests and local
 * runs against plain Postgres). Without a proxy Neon's defaults apply.
 * Edge-safe: no Node APIs.
 */
export function configureNeon(options: { wsProxy?: string; webSocket?: typeof WebSocket }): void {
  if (options.webSocket) neonConfig.webSocketConstructor = options.webSocket;
  if (options.wsProxy) {
    const proxy = options.wsProxy;
    neonConfig.wsProxy = (host, port) => `${proxy}/v2?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    // The proxy is a plain TCP relay: pipelining the startup messages confuses
    // Postgres ("invalid frontend message type 112").
    neonConfig.pipelineConnect = false;
  }
}
