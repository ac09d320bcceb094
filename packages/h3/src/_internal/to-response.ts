import type { NotifyReply } from "@wxnotify/core";

/** The core's reply as a Web `Response`, which h3 v1 and v2 both send as is. */
export function toResponse(reply: NotifyReply): Response {
  // A 204 must have a null body: new Response("", { status: 204 }) throws.
  return new Response(reply.body === "" ? null : reply.body, {
    status: reply.status,
    headers: reply.headers,
  });
}
