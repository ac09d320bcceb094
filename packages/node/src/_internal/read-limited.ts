import type { IncomingMessage } from "node:http";

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** The client went away mid-body: no reply can reach it. */
function aborted(cause?: Error): Error {
  // Shaped like raw-body's error, so that Express and Koa take it for the
  // client's doing and do not log it as a server error.
  return Object.assign(
    new Error(
      "@wxnotify/node: the request was closed before its body was read.",
      { cause },
    ),
    { code: "ECONNABORTED", status: 400, expose: true },
  );
}

/**
 * Reads the unread request stream, stopping at `limit + 1` bytes: that is
 * enough for the core to answer 413, and a huge body is never buffered.
 * Rejects only when the stream fails (the client went away mid-body).
 */
export function readLimited(
  req: IncomingMessage,
  limit: number,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    if (req.destroyed) {
      reject(aborted());
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const done = (): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    const onData = (chunk: Uint8Array | string): void => {
      const bytes =
        typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
      chunks.push(bytes);
      size += bytes.length;
      if (size > limit) {
        done();
        // Discard the rest instead of leaving it in the socket, so that the
        // client, still sending, gets the 413 rather than a reset.
        req.resume();
        resolve(concat(chunks, size).subarray(0, limit + 1));
      }
    };
    const onEnd = (): void => {
      done();
      resolve(concat(chunks, size));
    };
    const onError = (error: Error): void => {
      done();
      reject(aborted(error));
    };
    const onClose = (): void => {
      done();
      reject(aborted());
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}
