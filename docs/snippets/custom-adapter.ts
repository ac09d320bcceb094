// #region adapter
import type { IncomingHttpHeaders, ServerHttp2Stream } from "node:http2";
import type { NotifyEndpoint } from "@wxnotify/core";

/** A node:http2 stream handler for one notify endpoint. */
export function http2Notify(endpoint: NotifyEndpoint) {
  return async (
    stream: ServerHttp2Stream,
    headers: IncomingHttpHeaders,
  ): Promise<void> => {
    // 1. The exact bytes. Keep reading to the end so the client gets the
    //    reply, but keep at most maxBodyBytes + 1: enough for the core's 413.
    const chunks: Buffer[] = [];
    let kept = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (kept > endpoint.maxBodyBytes) continue;
      chunks.push(chunk);
      kept += chunk.length;
    }
    // 2. The core's request: method, headers (any case), body bytes.
    const reply = await endpoint({
      method: headers[":method"],
      headers,
      body: Buffer.concat(chunks),
    });
    // 3. The core's reply, written as it is. The endpoint never throws.
    const empty = reply.body === ""; // a v3 acknowledgment: 204, no body
    stream.respond(
      { ":status": reply.status, ...reply.headers },
      { endStream: empty },
    );
    if (!empty) stream.end(reply.body);
  };
}
// #endregion adapter
