import { buildFlatXml } from "./_internal/xml.js";
import type { NotifyReply } from "./request.js";

const XML_TYPE = "text/xml; charset=utf-8";
const JSON_TYPE = "application/json; charset=utf-8";

// Built once: the same bytes acknowledge every v2 notification (rebuilding
// it per request cost 6-19% of handlePaid on v2, bench/README.md).
const V2_SUCCESS_BODY = buildFlatXml({
  return_code: "SUCCESS",
  return_msg: "OK",
});

/** The v2 acknowledgment: `return_code=SUCCESS`, HTTP 200. */
export function v2SuccessReply(): NotifyReply {
  return {
    status: 200,
    headers: { "content-type": XML_TYPE },
    body: V2_SUCCESS_BODY,
  };
}

/** A v2 failure (`return_code=FAIL`) with the given status: WeChat Pay retries. */
export function v2FailReply(status: number, message: string): NotifyReply {
  return {
    status,
    headers: { "content-type": XML_TYPE },
    body: buildFlatXml({ return_code: "FAIL", return_msg: message }),
  };
}

/** A v2 XML reply made of the given (already signed) fields, HTTP 200. */
export function v2FieldsReply(
  status: number,
  fields: Record<string, string | undefined>,
): NotifyReply {
  return {
    status,
    headers: { "content-type": XML_TYPE },
    body: buildFlatXml(fields),
  };
}

/** The v3 acknowledgment: 204 (or 200) with no body. */
export function v3SuccessReply(status: 200 | 204 = 204): NotifyReply {
  return { status, headers: {}, body: "" };
}

/** A v3 failure: 4xx/5xx with `{"code":"FAIL","message":…}`; WeChat Pay retries. */
export function v3FailReply(status: number, message: string): NotifyReply {
  return {
    status,
    headers: { "content-type": JSON_TYPE },
    body: JSON.stringify({ code: "FAIL", message }),
  };
}
