import type { NotifyReply } from "@wxnotify/core";

/** Turns the core's reply into a Web `Response`. */
export function toResponse(reply: NotifyReply): Response {
  // A 204 must have a null body: new Response("", { status: 204 }) throws.
  return new Response(reply.body === "" ? null : reply.body, {
    status: reply.status,
    headers: reply.headers,
  });
}
