import { Agent, request as httpRequest } from "node:http";
import type { WireRequest } from "./cases.js";

/** A reply as received. */
export interface WireReply {
  /** HTTP status. */
  status: number;
  /** Headers, lower-case names. */
  headers: Record<string, string>;
  /** Body text. */
  body: string;
}

// Keep-alive, like WeChat Pay's own client, so that a reply that leaves
// unread bytes in the connection breaks the next request on it.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** Sends the exact bytes over real HTTP, header names as given. */
export function send(url: string, req: WireRequest): Promise<WireReply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...req.headers };
    if (req.method !== "GET" && !req.chunked) {
      headers["Content-Length"] = String(req.body.length);
    }
    const outgoing = httpRequest(
      url,
      { method: req.method, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: Object.fromEntries(
              Object.entries(res.headers).map(([k, v]) => [
                k,
                Array.isArray(v) ? v.join(", ") : (v ?? ""),
              ]),
            ),
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    outgoing.on("error", reject);
    if (req.chunked) {
      // Split inside a multi-byte character when there is one: readers must
      // join bytes, never decode chunk by chunk.
      const multiByte = req.body.findIndex((byte) => byte >= 0x80);
      const at = multiByte >= 0 ? multiByte + 1 : req.body.length >> 1;
      outgoing.write(req.body.subarray(0, at));
      setTimeout(() => outgoing.end(req.body.subarray(at)), 5);
    } else {
      outgoing.end(req.method === "GET" ? undefined : req.body);
    }
  });
}
