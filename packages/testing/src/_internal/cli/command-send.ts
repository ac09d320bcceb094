import { writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { toCaptureFile } from "../../capture-file.js";
import { loadTestMerchant } from "../../merchant-folder.js";
import { judgeReply, type ReplyJudgement } from "../../reply-verdict.js";
import type { Notification } from "../../signed-notification.js";
import { tamper } from "../../tamper.js";
import { testMerchant, type TestMerchant } from "../../test-merchant.js";
import type { V3EventOptions } from "../../v3-builder.js";
import type { PaidVariant } from "../v3-defaults.js";
import { v2Overrides, v3Overrides } from "./field-overrides.js";
import { SEND_HELP } from "./help.js";
import { EXIT, painter, UsageError, type CliIo } from "./io.js";

const TAMPERS = [
  "stale",
  "future",
  "probe",
  "unknown-serial",
  "flip-byte",
  "reserialize",
  "wrong-key",
  "wrong-aad",
] as const;

type Values = {
  url?: string;
  v2?: boolean;
  v3?: boolean;
  field?: string[];
  unset?: string[];
  variant?: string;
  via?: string;
  "sign-type"?: string;
  "omit-sign-type"?: boolean;
  tamper?: string;
  keys?: string;
  timeout?: string;
  save?: string;
  quiet?: boolean;
};

function pick<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(
      `--${name} must be one of ${allowed.join(", ")}; got ${value}.`,
    );
  }
  return value as T;
}

/** Builds the notification a `send` command line describes. */
export function buildFromArgs(
  kind: string,
  values: Values,
  m: TestMerchant,
): Notification {
  if (values.v2 && values.v3)
    throw new UsageError("Pass --v2 or --v3, not both.");
  const fields = values.field ?? [];
  const unset = values.unset ?? [];
  const signType = pick("sign-type", values["sign-type"], [
    "MD5",
    "HMAC-SHA256",
  ] as const);
  const v2Sign = {
    ...(signType ? { signType } : {}),
    ...(values["omit-sign-type"] ? { includeSignType: false } : {}),
  };
  const variant = pick("variant", values.variant, [
    "direct",
    "partner",
    "combined",
  ] as const);
  const via = pick("via", values.via, ["publicKey", "certificate"] as const);
  const v3Options: V3EventOptions = {
    ...(variant ? { variant: variant as PaidVariant } : {}),
    ...(via ? { via } : {}),
  };
  const lower = kind.toLowerCase();
  const isEvent = /^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)+$/.test(kind);
  let eventType: string;
  if (lower === "scanned" || lower === "scan") {
    if (values.v3) throw new UsageError("A scan callback exists only in v2.");
    return m.v2.scanned(v2Overrides(fields, unset), v2Sign);
  } else if (lower === "paid" || lower === "pay") {
    if (values.v2) return m.v2.paid(v2Overrides(fields, unset), v2Sign);
    eventType = "TRANSACTION.SUCCESS";
  } else if (lower === "refund" || lower === "refunded") {
    if (values.v2) return m.v2.refund(v2Overrides(fields, unset));
    eventType = "REFUND.SUCCESS";
  } else if (isEvent) {
    if (values.v2) {
      throw new UsageError(`${kind} is a v3 event type; drop --v2.`);
    }
    eventType = kind;
  } else {
    throw new UsageError(
      `Unknown kind ${JSON.stringify(kind)}: use paid, refund, scanned, or a v3 event type such as REFUND.CLOSED.`,
    );
  }
  if (variant === "combined" && eventType !== "TRANSACTION.SUCCESS") {
    throw new UsageError("--variant combined applies to payments only.");
  }
  const defaults = m.v3.event(eventType, {}, v3Options).resource;
  return m.v3.event(eventType, v3Overrides(fields, unset, defaults), v3Options);
}

function applyTamper(n: Notification, name: string | undefined): Notification {
  const t = pick("tamper", name, TAMPERS);
  if (t === undefined) return n;
  if (n.version === "v2") {
    if (t === "flip-byte") return tamper.flipByte(n);
    if (t === "wrong-key") return tamper.wrongApiV2Key(n);
    throw new UsageError(
      `--tamper ${t} applies to v3; for v2 use flip-byte or wrong-key.`,
    );
  }
  switch (t) {
    case "stale":
      return tamper.staleTimestamp(n);
    case "future":
      return tamper.futureTimestamp(n);
    case "probe":
      return tamper.signatureProbe(n);
    case "unknown-serial":
      return tamper.unknownSerial(n);
    case "flip-byte":
      return tamper.flipByte(n);
    case "reserialize":
      return tamper.reserializeJson(n);
    case "wrong-key":
      return tamper.wrongApiV3Key(n);
    case "wrong-aad":
      return tamper.wrongAad(n);
  }
}

interface Received {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
}

/**
 * POSTs the exact bytes with node:http(s). Not fetch: fetch refuses some
 * ports a local server may well use (6000, 6666…) and adds headers of its own.
 */
function post(
  url: string,
  n: Notification,
  timeoutMs: number,
): Promise<Received | { error: string }> {
  return new Promise((resolvePost) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolvePost({ error: `${url} is not a URL` });
      return;
    }
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    if (target.protocol !== "http:" && target.protocol !== "https:") {
      resolvePost({ error: `${target.protocol} URLs are not supported` });
      return;
    }
    const req = send(
      target,
      {
        method: "POST",
        headers: { ...n.headers, "Content-Length": String(n.body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", (error) => resolvePost({ error: error.message }));
        res.on("end", () => {
          const headers: [string, string][] = [];
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
            headers.push([
              res.rawHeaders[i] as string,
              res.rawHeaders[i + 1] as string,
            ]);
          }
          resolvePost({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? "",
            headers,
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
      },
    );
    req.setTimeout(timeoutMs, () => {
      req.destroy(new Error(`no reply within ${timeoutMs} ms (timeout)`));
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      resolvePost({
        error:
          error.code && !error.message.includes(error.code)
            ? `${error.code}: ${error.message}`
            : error.message,
      });
    });
    req.end(n.body);
  });
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

/** `wxnotify send` / `wxnotify trigger`. */
export async function commandSend(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      url: { type: "string" },
      v2: { type: "boolean" },
      v3: { type: "boolean" },
      field: { type: "string", short: "f", multiple: true },
      unset: { type: "string", multiple: true },
      variant: { type: "string" },
      via: { type: "string" },
      "sign-type": { type: "string" },
      "omit-sign-type": { type: "boolean" },
      tamper: { type: "string" },
      keys: { type: "string" },
      timeout: { type: "string" },
      save: { type: "string" },
      quiet: { type: "boolean", short: "q" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(SEND_HELP);
    return EXIT.ok;
  }
  const [kind, ...extra] = positionals;
  if (kind === undefined) throw new UsageError("Which kind? e.g. `send paid`.");
  if (extra.length > 0) {
    throw new UsageError(`Unexpected argument ${JSON.stringify(extra[0])}.`);
  }
  if (values.url === undefined && values.save === undefined) {
    throw new UsageError(
      "--url is required (or --save FILE to only write it).",
    );
  }
  const timeout = Number(values.timeout ?? "5000");
  if (!Number.isInteger(timeout) || timeout <= 0) {
    throw new UsageError(
      `--timeout must be a positive number of milliseconds.`,
    );
  }
  const m = values.keys
    ? loadTestMerchant(resolve(io.cwd, values.keys))
    : testMerchant();
  const n = applyTamper(buildFromArgs(kind, values, m), values.tamper);
  const p = painter(io.color);

  if (values.save !== undefined) {
    writeFileSync(
      resolve(io.cwd, values.save),
      `${JSON.stringify(toCaptureFile(n, values.url), null, 2)}\n`,
    );
  }
  const label = n.version === "v3" ? `v3 ${n.eventType}` : `v2 ${n.kind}`;
  if (!values.quiet) {
    io.out(
      `${p.cyan("→")} ${p.bold(`POST ${values.url ?? "(not sent)"}`)}  ${p.dim(label)}\n` +
        Object.entries(n.headers)
          .map(([k, v]) => `  ${p.dim(`${k}:`)} ${v}`)
          .join("\n") +
        `\n\n${indent(n.bodyText)}\n\n`,
    );
  }
  if (values.url === undefined) {
    io.out(`Saved to ${values.save}.\n`);
    return EXIT.ok;
  }
  const reply = await post(values.url, n, timeout);
  if (!values.quiet) {
    if ("error" in reply) {
      io.out(`${p.cyan("←")} ${p.red(reply.error)}\n\n`);
    } else {
      io.out(
        `${p.cyan("←")} ${p.bold(`HTTP ${reply.status} ${reply.statusText}`.trim())}\n` +
          reply.headers.map(([k, v]) => `  ${p.dim(`${k}:`)} ${v}`).join("\n") +
          (reply.body === ""
            ? "\n  (empty body)"
            : `\n\n${indent(reply.body)}`) +
          "\n\n",
      );
    }
  }
  const verdict: ReplyJudgement = judgeReply(
    n,
    "error" in reply ? reply : { status: reply.status, body: reply.body },
    { apiV2Key: m.apiV2Key },
  );
  const ok = verdict.verdict === "acknowledged";
  const colorOf = ok
    ? p.green
    : verdict.verdict === "business_error"
      ? p.yellow
      : p.red;
  io.out(
    `${colorOf(`${ok ? "✓" : "✗"} Verdict: ${verdict.label}`)} — ${verdict.reason}\n`,
  );
  return ok ? EXIT.ok : EXIT.notAcknowledged;
}
