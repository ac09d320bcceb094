// Does reading the body of h3 v2 / web requests through srvx's node request
// (event.runtime.node.req) instead of the Web request's stream pay off? And
// leaving ctx.body unset on Koa's empty 204? And do nodeNotify and
// expressNotify cost more than the same pipeline written inline? And does
// nodeNotify serve more with the verification on libuv's threadpool?
//   pnpm exec tsx src/experiments/adapter-variants.ts [rounds] [framework] [seconds per round]
import { fileURLToPath } from "node:url";
import { createInputs } from "../inputs.js";
import { median } from "../median.js";
import {
  cannon,
  startServer,
  stopServer,
  type HttpMeasure,
  type Server,
} from "../http/http-bench.js";

const CHILD = fileURLToPath(
  new URL("./adapter-variants-child.ts", import.meta.url),
);
const notification = createInputs().signed.v3Paid;
const allTargets = [
  ["node", "current"],
  ["node", "bare-core"],
  ["node", "bare"],
  ["node", "threadpool-verify"],
  ["node", "threadpool-verify-gcm"],
  ["express", "current"],
  ["express", "node-listener"],
  ["express", "bare-core"],
  ["h3", "current"],
  ["h3", "node-req"],
  ["web", "current"],
  ["web", "node-req"],
  ["koa", "current"],
  ["koa", "no-empty-body"],
] as const;
// `adapter-variants.ts [rounds] [framework]`: one framework's variants only.
const only = process.argv[3];
const seconds = Number(process.argv[4] ?? 1);
const targets = allTargets.filter(([f]) => only === undefined || f === only);
const servers: Server[] = [];
for (const [framework, variant] of targets) {
  servers.push(await startServer(framework, variant, CHILD));
}
try {
  for (const server of servers) await cannon(server, notification, 1, 10);
  const results: HttpMeasure[][] = targets.map(() => []);
  const rounds = Number(process.argv[2] ?? 6);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < servers.length; k++) {
      const i = (k + round) % servers.length;
      results[i]!.push(await cannon(servers[i]!, notification, seconds, 10));
    }
  }
  targets.forEach(([framework, variant], i) => {
    const measures = results[i]!;
    const requests = measures.reduce(
      (sum, m) => sum + m.requestsPerSec * m.seconds,
      0,
    );
    const cpu = measures.reduce(
      (sum, m) => sum + m.serverCpuUsPerRequest * m.requestsPerSec * m.seconds,
      0,
    );
    const seconds = measures.reduce((sum, m) => sum + m.seconds, 0);
    const instructions = measures.map((m) => m.serverInstructionsPerRequest);
    const counted = instructions.every((n) => n !== undefined)
      ? `, ${Math.round(median(instructions as number[])).toLocaleString("en-US")} server instructions/req`
      : "";
    console.log(
      `${framework} ${variant}: ${Math.round(requests / seconds)} req/s, ${(cpu / requests).toFixed(0)} server CPU µs/req${counted}, failures ${measures.reduce((s, m) => s + m.failures, 0)}`,
    );
  });
} finally {
  for (const server of servers) await stopServer(server.child);
}
