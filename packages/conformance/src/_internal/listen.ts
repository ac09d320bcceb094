import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A variant's server, listening. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:53211`. */
  url: string;
  /** Stops the server and drops its keep-alive connections. */
  close(): Promise<void>;
}

/** Listens on 127.0.0.1, port 0. */
export function listen(server: Server): Promise<RunningServer> {
  // The sender keeps connections alive: a server closing an idle one (5 s by
  // default) while the sender reuses it resets the request, a race a loaded
  // CI machine hits. Idle sockets stay open until close() instead.
  server.keepAliveTimeout = 0;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
