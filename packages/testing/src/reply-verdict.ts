import { signV2 } from "./_internal/v2-signature.js";
import { parseV2Xml, type ParsedV2Xml } from "./_internal/xml.js";
import type { Notification } from "./signed-notification.js";

/** How WeChat Pay would take a merchant's reply. */
export type Verdict =
  | "acknowledged"
  | "retry"
  | "business_error"
  | "malformed_reply"
  | "not_acknowledged";

/** Plain words for each {@link Verdict}, as the CLI prints them. */
export const VERDICT_LABELS: Readonly<Record<Verdict, string>> = {
  acknowledged: "acknowledged",
  retry: "WeChat would retry",
  business_error: "business error",
  malformed_reply: "malformed reply",
  not_acknowledged: "not acknowledged",
};

/** A verdict and why. */
export interface ReplyJudgement {
  /** The verdict. */
  verdict: Verdict;
  /** Its plain label, e.g. `WeChat would retry`. */
  label: string;
  /** Why, in one sentence. */
  reason: string;
}

/** The merchant's reply, or the transport failure instead of one. */
export type ReplyInput =
  { status: number; body: string | Uint8Array } | { error: string };

function judgement(verdict: Verdict, reason: string): ReplyJudgement {
  return { verdict, label: VERDICT_LABELS[verdict], reason };
}

function readXml(body: string): ParsedV2Xml | undefined {
  if (!body.trimStart().startsWith("<")) return undefined;
  try {
    return parseV2Xml(body);
  } catch {
    return undefined;
  }
}

function quote(body: string): string {
  const short = body.length > 60 ? `${body.slice(0, 57)}...` : body;
  return JSON.stringify(short);
}

/**
 * Judges a merchant's reply to `sent` the way WeChat Pay does: v3 wants 200
 * or 204; v2 wants a 2xx XML reply with `return_code=SUCCESS`; a mode-1 scan
 * reply must also be signed, carry a `prepay_id`, or refuse the sale with
 * `result_code=FAIL`. A transport error or timeout is never acknowledged.
 */
export function judgeReply(
  sent: Pick<Notification, "version"> & {
    kind?: string;
    fields?: Readonly<Record<string, string>>;
  },
  reply: ReplyInput,
  options: { apiV2Key?: string } = {},
): ReplyJudgement {
  const scan = sent.version === "v2" && sent.kind === "scanned";
  const refused: Verdict = scan ? "not_acknowledged" : "retry";
  if ("error" in reply) {
    return judgement(refused, `no reply: ${reply.error}`);
  }
  const { status } = reply;
  const body =
    typeof reply.body === "string"
      ? reply.body
      : new TextDecoder().decode(reply.body);
  if (sent.version === "v3") {
    if (status === 200 || status === 204) {
      const failBody = /"code"\s*:\s*"FAIL"/.test(body)
        ? ' (the {"code":"FAIL"} body does not matter: only the status counts)'
        : "";
      return judgement("acknowledged", `HTTP ${status}${failBody}.`);
    }
    return judgement(
      "retry",
      `HTTP ${status}: a v3 notification is acknowledged only by 200 or 204.`,
    );
  }
  if (status < 200 || status > 299) {
    return judgement(refused, `HTTP ${status}: a v2 reply must be 2xx.`);
  }
  const xml = readXml(body);
  if (!xml) {
    return judgement(
      "malformed_reply",
      `the body is not XML (${quote(body)}); WeChat wants <xml><return_code>SUCCESS</return_code></xml>${scan ? "" : ", and will retry"}.`,
    );
  }
  const f = xml.fields;
  const returnCode = f.return_code;
  if (returnCode === "FAIL") {
    return judgement(
      refused,
      `return_code=FAIL${f.return_msg ? `, return_msg=${f.return_msg}` : ""}.`,
    );
  }
  if (returnCode !== "SUCCESS") {
    return judgement(
      "malformed_reply",
      returnCode === undefined
        ? "the XML has no return_code."
        : `return_code=${returnCode} is neither SUCCESS nor FAIL.`,
    );
  }
  if (!scan) return judgement("acknowledged", "return_code=SUCCESS.");

  // A mode-1 scan reply starts a payment: WeChat checks it as a response.
  if (!f.sign) {
    return judgement(
      "malformed_reply",
      "the scan reply is not signed (no sign).",
    );
  }
  if (options.apiV2Key !== undefined) {
    const signType =
      f.sign_type === "HMAC-SHA256" ||
      (f.sign_type === undefined && f.sign.length === 64)
        ? "HMAC-SHA256"
        : "MD5";
    if (signV2(f, options.apiV2Key, signType) !== f.sign.toUpperCase()) {
      return judgement(
        "malformed_reply",
        "the scan reply's sign does not verify with the APIv2 key.",
      );
    }
  }
  for (const id of ["appid", "mch_id"] as const) {
    const expected = sent.fields?.[id];
    if (expected !== undefined && f[id] !== expected) {
      return judgement(
        "malformed_reply",
        `the scan reply's ${id} is ${f[id] === undefined ? "missing" : JSON.stringify(f[id])}, not ${expected}.`,
      );
    }
  }
  if (f.result_code === "FAIL") {
    return judgement(
      "business_error",
      `result_code=FAIL: the payer sees ${JSON.stringify(f.err_code_des ?? "")}.`,
    );
  }
  if (f.result_code !== "SUCCESS") {
    return judgement("malformed_reply", "the scan reply has no result_code.");
  }
  if (!f.prepay_id) {
    return judgement(
      "malformed_reply",
      "result_code=SUCCESS but no prepay_id: there is no order to pay.",
    );
  }
  return judgement("acknowledged", `prepay_id=${f.prepay_id}.`);
}
