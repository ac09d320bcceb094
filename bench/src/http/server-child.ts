// A forked child serving one framework × variant on 127.0.0.1, so that the
// server and autocannon (in the parent) each get a core.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createListener,
  FRAMEWORKS,
  VARIANTS,
  type Framework,
  type Variant,
} from "./targets.js";

const [framework, variant] = process.argv.slice(2) as [Framework, Variant];
if (!FRAMEWORKS.includes(framework) || !VARIANTS.includes(variant)) {
  throw new Error(`usage: server-child <framework> <variant>`);
}

try {
  const server = createServer(await createListener(framework, variant));
  server.keepAliveTimeout = 30_000;
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo;
    process.send!({ port });
  });
  // The parent asks for this process's CPU time around each measured run.
  process.on("message", (message: unknown) => {
    if (message === "cpu") {
      const { user, system } = process.cpuUsage();
      process.send!({ cpuMicros: user + system });
    }
  });
  // The parent going away ends the child, whatever happened to it.
  process.on("disconnect", () => process.exit(0));
} catch (error) {
  process.send!({
    error: error instanceof Error ? error.message : String(error),
  });
  process.exit(0);
}
