import net from "node:net";

/** A TCP relay between a client and a server whose link a test can cut. */
export interface TcpProxy {
  readonly host: string;
  readonly port: number;
  /** Relayed connections now open. */
  readonly openConnections: number;
  /**
   * Until `restore()`: "reset" (the default) resets every relayed connection
   * and new ones at once, as a dead server does; "blackhole" relays nothing
   * more and answers nothing, as a network partition does, and the
   * connections it held stay dead after `restore()` (as after a failover).
   */
  cut(mode?: "reset" | "blackhole"): void;
  /** Relay new connections again. */
  restore(): void;
  close(): Promise<void>;
}

/**
 * Listen on 127.0.0.1 (a free port) and relay each connection to `target`.
 * While cut, the proxy still accepts connections (the port stays ours, so
 * `restore()` cannot race another listener for it) but resets or swallows
 * them: the client sees what a lost server or network looks like.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<{ client: net.Socket; server: net.Socket }>();
  /** Sockets swallowed by a blackhole: held open, read and ignored. */
  const swallowed = new Set<net.Socket>();
  let isCut: false | "reset" | "blackhole" = false;

  const swallow = (socket: net.Socket) => {
    socket.unpipe();
    socket.removeAllListeners("data");
    socket.on("data", () => {});
    socket.on("close", () => swallowed.delete(socket));
    swallowed.add(socket);
  };

  const drop = (pair: { client: net.Socket; server: net.Socket }) => {
    pairs.delete(pair);
    // A reset (RST), not a polite FIN: the peer learns at once, as with a dead host.
    if (!pair.client.destroyed) pair.client.resetAndDestroy();
    if (!pair.server.destroyed) pair.server.resetAndDestroy();
  };

  const listener = net.createServer((client) => {
    client.on("error", () => {});
    if (isCut === "reset") {
      client.resetAndDestroy();
      return;
    }
    if (isCut === "blackhole") {
      swallow(client);
      return;
    }
    const server = net.connect(target);
    const pair = { client, server };
    pairs.add(pair);
    server.on("error", () => drop(pair));
    client.on("error", () => drop(pair));
    client.on("close", () => drop(pair));
    server.on("close", () => drop(pair));
    client.pipe(server);
    server.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    listener.once("error", reject);
    listener.listen(0, "127.0.0.1", resolve);
  });
  const { port } = listener.address() as net.AddressInfo;

  return {
    host: "127.0.0.1",
    port,
    get openConnections() {
      return pairs.size + swallowed.size;
    },
    cut(mode = "reset") {
      isCut = mode;
      for (const pair of [...pairs]) {
        if (mode === "reset") {
          drop(pair);
          continue;
        }
        pairs.delete(pair);
        swallow(pair.client);
        swallow(pair.server);
      }
    },
    restore() {
      isCut = false;
    },
    close() {
      isCut = "reset";
      for (const pair of [...pairs]) drop(pair);
      for (const socket of [...swallowed]) socket.resetAndDestroy();
      return new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
