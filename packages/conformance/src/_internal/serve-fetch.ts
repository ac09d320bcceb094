import { createServer } from "node:http";
import { Readable } from "node:stream";
import { listen, type RunningServer } from "./listen.js";

/**
 * Serves a fetch handler on node:http, the way Bun, Deno and Workers call
 * one: a Web Request whose body is the unread stream.
 */
export function serveFetch(
  fetch: (request: Request) => Promise<Response>,
): Promise<RunningServer> {
  const server = createServer(async (req, res) => {
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(new URL(req.url ?? "/", "http://127.0.0.1"), {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream) : null,
      duplex: "half",
    } as RequestInit);
    const response = await fetch(request);
    response.headers.forEach((value, name) => res.setHeader(name, value));
    res.writeHead(response.status);
    res.end(new Uint8Array(await response.arrayBuffer()));
    // Drain what the handler left unread (a refused oversize body), as
    // fetch runtimes do, so the keep-alive connection stays usable.
    req.resume();
  });
  return listen(server);
}
