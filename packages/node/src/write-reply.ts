import type { ServerResponse } from "node:http";
import type { NotifyReply } from "@wxnotify/core";

/** Writes the core's reply to a node response as it is. */
export function writeReply(res: ServerResponse, reply: NotifyReply): void {
  res.statusCode = reply.status;
  for (const [name, value] of Object.entries(reply.headers)) {
    res.setHeader(name, value);
  }
  res.end(reply.body);
}
