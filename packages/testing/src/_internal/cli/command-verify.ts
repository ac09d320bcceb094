import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  createNotifier,
  isWxNotifyError,
  type NotifierConfig,
  type WxNotifyErrorCode,
} from "@wxnotify/core";
import { parseCapture } from "../../capture-file.js";
import { loadTestMerchant } from "../../merchant-folder.js";
import { testMerchant } from "../../test-merchant.js";
import { getHeader, plainHeaders } from "../headers.js";
import { VERIFY_HELP } from "./help.js";
import { EXIT, painter, UsageError, type CliIo } from "./io.js";

/** The check each error code means, in the order a verifier runs them. */
// Partial: a code added to the core later falls back to its own name.
const CHECKS: Partial<Record<WxNotifyErrorCode, string>> = {
  configuration_invalid: "configuration",
  method_not_allowed: "method",
  body_empty: "body",
  body_too_large: "body",
  body_malformed: "body",
  xml_doctype_forbidden: "body",
  raw_body_unavailable: "body",
  header_missing: "headers",
  header_invalid: "headers",
  unsupported_algorithm: "algorithm",
  timestamp_out_of_range: "timestamp",
  signature_probe: "signature probe",
  unknown_serial: "serial",
  signature_missing: "signature",
  signature_invalid: "signature",
  decryption_failed: "decryption",
  merchant_mismatch: "merchant",
  unexpected_notification: "kind",
  communication_failure: "return_code",
  handler_failed: "handler",
  handler_threw: "handler",
  handler_not_acknowledged: "handler",
};

function hint(code: string, version: "v2" | "v3"): string | undefined {
  switch (code) {
    case "timestamp_out_of_range":
      return "A capture goes stale after 5 minutes: pass --now capture to check the rest, or re-sign it with resign() from @wxnotify/testing.";
    case "signature_invalid":
      return version === "v3"
        ? "The body must be the exact bytes received: JSON.parse + JSON.stringify, pretty-printing or a charset change all break it. Otherwise the key registered for this serial is not the one that signed."
        : "Check the APIv2 key, that the XML was not re-built (CDATA, whitespace, number coercion), and sign_type.";
    case "signature_probe":
      return "WeChat Pay sends these on purpose to check that signatures are verified; refusing it is correct, and the genuine notification follows.";
    case "unknown_serial":
      return "Register the WeChat Pay public key (PUB_KEY_ID_…) or platform certificate this serial names: --public-key/--public-key-id or --certificate.";
    case "decryption_failed":
      return version === "v3"
        ? "The APIv3 key (exactly 32 characters) or associated_data does not match: pass --api-v3-key."
        : "req_info did not decrypt: pass the right --api-v2-key.";
    case "merchant_mismatch":
      return "Pass your merchant id with --mch-id (and --app-id).";
    case "signature_missing":
      return "A v2 notification without sign is forged (refunds excepted).";
    default:
      return undefined;
  }
}

function resolveNow(
  spec: string | undefined,
  timestamp: string | undefined,
): number | undefined {
  if (spec === undefined) return undefined;
  if (spec === "capture") {
    if (timestamp === undefined || !/^\d+$/.test(timestamp)) {
      throw new UsageError(
        "--now capture needs a Wechatpay-Timestamp header in the capture.",
      );
    }
    return Number(timestamp) * 1000;
  }
  if (/^\d+$/.test(spec)) {
    const n = Number(spec);
    return n < 1e11 ? n * 1000 : n;
  }
  const parsed = Date.parse(spec);
  if (Number.isNaN(parsed)) {
    throw new UsageError(
      `--now takes unix seconds, an ISO 8601 time, or "capture"; got ${spec}.`,
    );
  }
  return parsed;
}

function show(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}

/** `wxnotify verify`. */
export async function commandVerify(
  args: string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      keys: { type: "string" },
      expect: { type: "string" },
      now: { type: "string" },
      "mch-id": { type: "string", multiple: true },
      "app-id": { type: "string", multiple: true },
      "api-v2-key": { type: "string" },
      "api-v3-key": { type: "string" },
      "public-key": { type: "string" },
      "public-key-id": { type: "string" },
      certificate: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(VERIFY_HELP);
    return EXIT.ok;
  }
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError("Which capture file?");
  if (extra.length > 0) {
    throw new UsageError(`Unexpected argument ${JSON.stringify(extra[0])}.`);
  }
  const expect = values.expect;
  if (
    expect !== undefined &&
    !["paid", "refunded", "scanned", "event"].includes(expect)
  ) {
    throw new UsageError(
      `--expect must be paid, refunded, scanned or event; got ${expect}.`,
    );
  }
  if (
    (values["public-key"] === undefined) !==
    (values["public-key-id"] === undefined)
  ) {
    throw new UsageError("--public-key and --public-key-id go together.");
  }
  const p = painter(io.color);
  const path = resolve(io.cwd, file);
  let captured: ReturnType<typeof parseCapture>;
  try {
    captured = parseCapture(readFileSync(path));
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const headers = plainHeaders(captured.headers);
  const body =
    typeof captured.body === "string"
      ? new TextEncoder().encode(captured.body)
      : captured.body;
  const text = new TextDecoder().decode(body);
  const version = text.trimStart().startsWith("<") ? "v2" : "v3";

  const base = values.keys
    ? loadTestMerchant(resolve(io.cwd, values.keys)).config
    : testMerchant().config;
  const config: NotifierConfig = { ...base };
  if (values["mch-id"]) config.mchId = values["mch-id"];
  if (values["app-id"]) config.appId = values["app-id"];
  if (values["api-v2-key"]) config.apiV2Key = values["api-v2-key"];
  if (values["api-v3-key"]) config.apiV3Key = values["api-v3-key"];
  if (values["public-key"] || values.certificate) {
    // Real keys replace the test merchant's, never mix with them.
    config.wechatpayPublicKeys = values["public-key"]
      ? [
          {
            id: values["public-key-id"] as string,
            pem: readFileSync(resolve(io.cwd, values["public-key"]), "utf8"),
          },
        ]
      : [];
    config.platformCertificates = (values.certificate ?? []).map((f) =>
      readFileSync(resolve(io.cwd, f), "utf8"),
    );
  }
  const now = resolveNow(values.now, getHeader(headers, "Wechatpay-Timestamp"));
  if (now !== undefined) config.now = () => now;

  const describe = [
    `${captured.method ?? "POST"} ${captured.url ?? ""}`.trim(),
    version,
    `${body.length} bytes`,
    ...(version === "v3"
      ? [
          `Wechatpay-Serial ${getHeader(headers, "Wechatpay-Serial") ?? "(none)"}`,
        ]
      : []),
  ].join(" · ");
  io.out(`${p.bold("Capture:")} ${describe}\n`);

  try {
    const notifier = createNotifier(config);
    const message = (await notifier.verify(
      { method: captured.method ?? "POST", headers, body },
      expect ? { expect: expect as "event" } : undefined,
    )) as unknown as Record<string, unknown>;
    const what = [message.version, message.kind, message.eventType]
      .filter((x) => typeof x === "string")
      .join(" ");
    io.out(`${p.green("✓ verified")}: ${what}\n`);
    for (const key of ["summary", "resource", "refund", "fields"]) {
      if (message[key] !== undefined) {
        io.out(`  ${p.dim(key)}\n${show(message[key])}\n`);
      }
    }
    return EXIT.ok;
  } catch (error) {
    if (!isWxNotifyError(error)) throw error;
    const check = CHECKS[error.code] ?? error.code;
    io.out(
      `${p.red(`✗ failed check: ${check}`)} ${p.dim(`(${error.code}, HTTP ${error.status})`)}\n  ${error.message}\n`,
    );
    const why = hint(error.code, version);
    if (why) io.out(`  ${p.yellow("hint:")} ${why}\n`);
    return EXIT.notAcknowledged;
  }
}
