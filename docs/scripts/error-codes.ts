/**
 * Cause and fix of every error code, in both languages. Typed as a record
 * over `WxNotifyErrorCode`, so a code added to the core's `ERROR_STATUS`
 * table fails `pnpm typecheck` here until it is documented; the status
 * column is read from that table when the page is generated.
 */
import type { WxNotifyErrorCode } from "../../packages/core/src/errors.ts";

interface Text {
  /** What the code means and what usually causes it. */
  cause: string;
  /** What to do. */
  fix: string;
}

/** The documentation of one error code. */
export interface ErrorDoc {
  /** The error class thrown by `verify()` and given to `onError`. */
  class: string;
  /** Group on the page. */
  group: "request" | "authenticity" | "handler" | "idempotency" | "setup";
  zh: Text;
  en: Text;
}

export const ERROR_GROUPS: Record<
  ErrorDoc["group"],
  { zh: string; en: string }
> = {
  request: { zh: "请求本身有问题", en: "The request itself" },
  authenticity: { zh: "验签、解密与商户校验", en: "Authenticity" },
  handler: { zh: "你的处理函数", en: "Your handler" },
  idempotency: { zh: "重复通知抑制", en: "Duplicate suppression" },
  setup: { zh: "配置", en: "Set-up" },
};

export const ERROR_DOCS: Record<WxNotifyErrorCode, ErrorDoc> = {
  method_not_allowed: {
    class: "MalformedRequestError",
    group: "request",
    zh: {
      cause:
        "请求方法不是 `POST`。微信支付只用 POST 发送通知；通常是有人在浏览器里打开了通知地址，或健康检查探测了这个 URL。应答带 `Allow: POST`。",
      fix: "无需处理。健康检查请改用别的路径。",
    },
    en: {
      cause:
        "The method is not `POST`. WeChat Pay only POSTs notifications; usually someone opened the notify URL in a browser, or a health check probes it. The reply carries `Allow: POST`.",
      fix: "Nothing to fix. Point health checks at another path.",
    },
  },
  body_empty: {
    class: "MalformedRequestError",
    group: "request",
    zh: {
      cause:
        "请求体为空。如果请求确实来自微信支付，说明在到达 wxnotify 之前，某个 body 解析中间件或代理已经把请求流读完了。",
      fix: "把通知路由挂在 body 解析中间件之前，或把原始字节交给适配器（见各框架的快速开始）。",
    },
    en: {
      cause:
        "The body is empty. If WeChat Pay sent it, a body parser or a proxy consumed the stream before wxnotify saw it.",
      fix: "Mount the notify route before the body parser, or hand the adapter the raw bytes (see the quick start of your framework).",
    },
  },
  body_too_large: {
    class: "MalformedRequestError",
    group: "request",
    zh: {
      cause:
        "请求体超过 `maxBodyBytes`（默认 1 MiB）。真实通知只有几 KB；适配器读到上限多一个字节就停止，不会缓存超大请求体。",
      fix: "一般是攻击或误配置。只有确认真实通知被拒时才调大 `maxBodyBytes`。",
    },
    en: {
      cause:
        "The body is larger than `maxBodyBytes` (1 MiB by default). Real notifications are a few kilobytes; adapters stop reading one byte past the limit, so a huge body is never buffered.",
      fix: "Usually an attack or a misconfiguration. Raise `maxBodyBytes` only if a genuine notification was refused.",
    },
  },
  body_malformed: {
    class: "MalformedRequestError",
    group: "request",
    zh: {
      cause:
        "请求体既不是 XML（APIv2）也不是 JSON（APIv3），或者 XML 不合法、缺少必需字段（如 `out_trade_no`、`total_fee`），或解密后的 resource 不是 JSON 对象、金额不是整数分。",
      fix: "确认请求来自微信支付且没有被改写；用 `wxnotify verify` 检查抓到的请求，错误信息会指出缺的字段。",
    },
    en: {
      cause:
        "The body is neither XML (API v2) nor JSON (API v3), or the XML is not well-formed, lacks a required field (`out_trade_no`, `total_fee`…), or the decrypted resource is not a JSON object or has an amount that is not whole fen.",
      fix: "Check that the request comes from WeChat Pay unchanged; `wxnotify verify` on a captured request names the missing field.",
    },
  },
  xml_doctype_forbidden: {
    class: "MalformedRequestError",
    group: "request",
    zh: {
      cause:
        "XML 中声明了 DTD（`<!DOCTYPE` 或 `<!ENTITY`）。微信支付从不发送 DTD，这是 XXE / 实体膨胀攻击的特征，在解析之前就会被拒绝。",
      fix: "无需处理：这就是攻击。可以在 `onError` 中告警。",
    },
    en: {
      cause:
        "The XML declares a DTD (`<!DOCTYPE` or `<!ENTITY`). WeChat Pay never sends one; it is the mark of an XXE or entity-expansion attack and is refused before parsing.",
      fix: "Nothing to fix: this is an attack. Alert on it in `onError` if you like.",
    },
  },
  header_missing: {
    class: "MalformedRequestError",
    group: "request",
    zh: {
      cause:
        "JSON（v3）通知缺少 `Wechatpay-Serial`、`Wechatpay-Signature`、`Wechatpay-Timestamp`、`Wechatpay-Nonce` 中的一个或多个。微信支付每次都会发送这四个头。",
      fix: "检查网关、负载均衡或 CDN 是否丢弃了 `Wechatpay-*` 请求头。",
    },
    en: {
      cause:
        "A JSON (v3) notification lacks one of `Wechatpay-Serial`, `Wechatpay-Signature`, `Wechatpay-Timestamp`, `Wechatpay-Nonce`. WeChat Pay sends all four every time.",
      fix: "Check that no gateway, load balancer or CDN strips the `Wechatpay-*` headers.",
    },
  },
  header_invalid: {
    class: "MalformedRequestError",
    group: "request",
    zh: {
      cause: "`Wechatpay-Timestamp` 不是纯数字的 Unix 秒。",
      fix: "检查是否有代理改写了请求头；真实通知不会出现这种情况。",
    },
    en: {
      cause: "`Wechatpay-Timestamp` is not Unix seconds made of digits only.",
      fix: "Check for a proxy that rewrites headers; genuine notifications never do this.",
    },
  },
  raw_body_unavailable: {
    class: "RawBodyUnavailableError",
    group: "request",
    zh: {
      cause:
        "拿不到原始字节：请求体已被解析成对象（`express.json()` 在通知路由之前运行），或者 Web `Request` 的 body 已被读取（例如 h3 v2 中先调用了 `readBody`）。重新序列化的 JSON 无法验签，所以 wxnotify 不会尝试。应答 500，微信支付会重试。",
      fix: "把通知路由挂在 `express.json()` 之前，或用 `express.json({ verify })` 保留 `rawBody`；h3 v2 中不要先读 body。错误信息会指出该移动哪个中间件。",
    },
    en: {
      cause:
        "The exact bytes are gone: the body was parsed into an object (`express.json()` ran before the notify route), or a Web `Request` body was already read (`readBody` first in h3 v2). A re-serialized body cannot be verified, so wxnotify does not try. Answered 500, so WeChat Pay retries.",
      fix: "Mount the notify route before `express.json()`, or keep `rawBody` with `express.json({ verify })`; in h3 v2 do not read the body first. The message names the parser to move.",
    },
  },
  unsupported_algorithm: {
    class: "MalformedRequestError",
    group: "request",
    zh: {
      cause:
        "v2 的 `sign_type` 不是 `MD5`/`HMAC-SHA256`，或 v3 的 `Wechatpay-Signature-Type` 不是 `WECHATPAY2-SHA256-RSA2048`，或 `resource.algorithm` 不是 `AEAD_AES_256_GCM`（例如国密 `AEAD_SM4_GCM`）。",
      fix: "wxnotify 暂不支持国密（SM2/SM3/SM4）。确认商户号使用的是 RSA 与 AES-GCM。",
    },
    en: {
      cause:
        "v2 `sign_type` is not `MD5`/`HMAC-SHA256`, v3 `Wechatpay-Signature-Type` is not `WECHATPAY2-SHA256-RSA2048`, or `resource.algorithm` is not `AEAD_AES_256_GCM` (the SM2/SM3/SM4 national-crypto variant, say).",
      fix: "The national-crypto variant is not supported; use RSA and AES-GCM.",
    },
  },
  unexpected_notification: {
    class: "UnexpectedNotificationError",
    group: "request",
    zh: {
      cause:
        "通知的种类与入口不符：比如退款结果通知到了 `handlePaid`，或 v3 的 `COMPLAINT.*` 到了 `handleRefunded`。通知已验签，但不会被应答成功，微信支付会继续重试。",
      fix: "给每种通知配置各自的 `notify_url`，或在该 URL 上改用 `handleEvent` 接收所有类型。",
    },
    en: {
      cause:
        "A notification of another kind arrived at this entry point: a refund at `handlePaid`, a v3 `COMPLAINT.*` at `handleRefunded`. It was verified but is not acknowledged, so WeChat Pay keeps retrying.",
      fix: "Give each kind its own `notify_url`, or use `handleEvent` on that URL to take every type.",
    },
  },
  signature_missing: {
    class: "SignatureVerificationError",
    group: "authenticity",
    zh: {
      cause:
        "v2 通知声称 `return_code=SUCCESS` 却没有 `sign` 字段。微信支付对每个结果都会签名，没有签名的就是伪造的。",
      fix: "无需处理：这是伪造通知。",
    },
    en: {
      cause:
        "A v2 notification claims `return_code=SUCCESS` but has no `sign`. WeChat Pay signs every result, so this one is forged.",
      fix: "Nothing to fix: it is forged.",
    },
  },
  signature_invalid: {
    class: "SignatureVerificationError",
    group: "authenticity",
    zh: {
      cause:
        "签名不匹配。最常见的原因是请求体在到达 wxnotify 之前被改动了：JSON 被解析后重新序列化（键顺序、转义变化）、用错误的字符集解码了中文、XML 被解析器转换了类型；其次是密钥不对（APIv2密钥、或该序列号下登记的公钥/证书）。v2 还包括签名长度既不是 32 也不是 64，或与 `v2SignType` 固定的算法不符。",
      fix: "把原始字节交给适配器（不要先 `express.json()`），检查 APIv2密钥，检查 `Wechatpay-Serial` 对应的公钥或平台证书。错误信息会根据请求体给出诊断（camelCase 键、U+FFFD、格式化过的 JSON）。",
    },
    en: {
      cause:
        "The signature does not match. Most often the body changed before it reached wxnotify: JSON parsed and serialized again (key order, escapes), Chinese decoded with the wrong charset, XML values coerced by a parser. Next, a wrong key (APIv2 key, or the public key/certificate registered under that serial). For v2 also: a sign neither 32 nor 64 characters long, or another algorithm than `v2SignType` pins.",
      fix: "Hand the adapter the raw bytes (no `express.json()` first), check the APIv2 key, check the key configured for `Wechatpay-Serial`. The message diagnoses the body (camelCase keys, U+FFFD, pretty-printed JSON).",
    },
  },
  signature_probe: {
    class: "SignatureProbeError",
    group: "authenticity",
    zh: {
      cause:
        "`Wechatpay-Signature` 以 `WECHATPAY/SIGNTEST/` 开头：这是微信支付的签名探测，用来确认商户真的在验签。拒绝它是正确的，之后微信支付会用真实签名重新投递。",
      fix: "无需处理，也不要把它特殊处理成成功。可以在 `onError` 中按 `code` 把它从告警里排除。",
    },
    en: {
      cause:
        "`Wechatpay-Signature` starts with `WECHATPAY/SIGNTEST/`: WeChat Pay probing whether you verify signatures. Refusing it is correct; WeChat Pay then redelivers with a real signature.",
      fix: "Nothing to fix, and never special-case it into a success. Filter it out of alerts by `code` in `onError`.",
    },
  },
  certificate_expired: {
    class: "SignatureVerificationError",
    group: "authenticity",
    zh: {
      cause:
        "`Wechatpay-Serial` 指向的平台证书已过期（当前时间晚于证书的 notAfter）。微信支付不会再用过期的证书签名，这通常是重放的旧通知，或服务器上的证书列表没有更新。",
      fix: "下载当前的平台证书加入 `platformCertificates`（或改用微信支付公钥），并删除过期的证书；同时确认服务器时钟正确。",
    },
    en: {
      cause:
        "The platform certificate named by `Wechatpay-Serial` has expired (now is past its notAfter). WeChat Pay does not sign with an expired certificate: this is a replayed notification, or the server's certificate list is stale.",
      fix: "Download the current platform certificates into `platformCertificates` (or switch to the WeChat Pay public key) and remove expired ones; check the server's clock too.",
    },
  },
  unknown_serial: {
    class: "SignatureVerificationError",
    group: "authenticity",
    zh: {
      cause:
        "`Wechatpay-Serial` 不是已配置的微信支付公钥 ID（`PUB_KEY_ID_…`）或平台证书序列号。常见于平台证书轮换、或正在从平台证书切换到微信支付公钥的灰度期间。错误信息会列出已配置的序列号。",
      fix: "`PUB_KEY_ID_…`：把商户平台里的微信支付公钥加到 `wechatpayPublicKeys`。证书序列号：下载当前的平台证书加到 `platformCertificates`。轮换和迁移期间把所有有效的密钥同时配置上。",
    },
    en: {
      cause:
        "`Wechatpay-Serial` is neither a configured WeChat Pay public key id (`PUB_KEY_ID_…`) nor a configured platform certificate serial. Typical during a certificate rotation or the switch to the WeChat Pay public key. The message lists the serials you configured.",
      fix: "`PUB_KEY_ID_…`: add that public key from the merchant console to `wechatpayPublicKeys`. A certificate serial: download the current platform certificates into `platformCertificates`. During rotation and migration configure every valid key at once.",
    },
  },
  timestamp_out_of_range: {
    class: "TimestampError",
    group: "authenticity",
    zh: {
      cause:
        "`Wechatpay-Timestamp` 与服务器时间相差超过 `timestampToleranceSeconds`（默认 300 秒，过去和未来两个方向）。要么服务器时钟不准，要么是重放的旧请求（比如拿抓包重发）。`TimestampError.skewSeconds` 给出偏差。",
      fix: "服务器开启 NTP。重放抓包做测试时，用 `resign()` 或 `wxnotify verify --now capture` 处理。",
    },
    en: {
      cause:
        "`Wechatpay-Timestamp` is more than `timestampToleranceSeconds` (300 by default, both directions) away from this server's clock: the clock is off, or this is a replayed capture. `TimestampError.skewSeconds` gives the skew.",
      fix: "Run NTP on the server. To replay a capture in a test, re-sign it with `resign()`, or use `wxnotify verify --now capture`.",
    },
  },
  decryption_failed: {
    class: "DecryptionError",
    group: "authenticity",
    zh: {
      cause:
        "v3 的 `resource` 用 APIv3密钥解密失败（AES-256-GCM 认证失败），或 v2 退款通知的 `req_info` 用 APIv2密钥推导的密钥解密失败。通常是密钥填错了（把 APIv2密钥当成了 APIv3密钥，或对密钥做了 hex/base64 解码），其次是密文被篡改。",
      fix: "`apiV3Key` 原样填写商户平台上设置的 32 位 APIv3密钥；`apiV2Key` 填发起退款的那个商户号的 API 密钥。",
    },
    en: {
      cause:
        "The v3 `resource` does not decrypt with the APIv3 key (the AES-256-GCM tag fails), or a v2 refund's `req_info` does not decrypt with the key derived from the APIv2 key. Usually the wrong key (the APIv2 key given as the APIv3 key, or a key hex/base64-decoded), else an altered ciphertext.",
      fix: "Set `apiV3Key` to the 32-character APIv3 key exactly as set in the merchant console; `apiV2Key` to the API key of the merchant that issued the refund.",
    },
  },
  merchant_mismatch: {
    class: "MerchantMismatchError",
    group: "authenticity",
    zh: {
      cause:
        "通知验签通过，但 `mch_id`/`mchid`/`sp_mchid` 不在 `mchId` 中，或 `appid` 不在 `appId` 中。多个商户号共用一个通知地址时常见。该检查在 `handlePaid` 与 `handleRefunded`（以及 v2 通知）中进行。",
      fix: "把所有商户号 / AppID 以数组形式配置到 `mchId` / `appId`，或检查下单时传的 `notify_url`。",
    },
    en: {
      cause:
        "The notification verified, but `mch_id`/`mchid`/`sp_mchid` is not in `mchId`, or `appid` not in `appId`. Common when several merchants share one notify URL. Checked by `handlePaid` and `handleRefunded` (and for v2 notifications).",
      fix: "List every merchant id / app id in `mchId` / `appId` (arrays are accepted), or check the `notify_url` passed when the order was created.",
    },
  },
  communication_failure: {
    class: "WxNotifyError",
    group: "authenticity",
    zh: {
      cause:
        "v2 通知的 `return_code` 不是 `SUCCESS`：通信层失败，没有可验证的业务结果。",
      fix: "不要据此处理订单，调用查询订单接口确认支付状态。",
    },
    en: {
      cause:
        "A v2 notification whose `return_code` is not `SUCCESS`: a communication-level failure with no verifiable result.",
      fix: "Do not act on it; query the order to learn its state.",
    },
  },
  handler_failed: {
    class: "HandlerError",
    group: "handler",
    zh: {
      cause:
        "处理函数调用了 `fail(message)`。通知未被确认，`message` 写进应答，微信支付稍后重试。",
      fix: "这是预期行为：处理暂时失败时（数据库不可用等）让微信支付重试。",
    },
    en: {
      cause:
        "The handler called `fail(message)`. Not acknowledged; `message` goes into the reply and WeChat Pay redelivers later.",
      fix: "Intended: use it when processing could not finish (database down) so that WeChat Pay retries.",
    },
  },
  handler_threw: {
    class: "HandlerError",
    group: "handler",
    zh: {
      cause:
        "处理函数抛出了异常（或返回的 Promise 被 reject）。通知未被确认，异常作为 `cause` 交给 `onError`，应答体只有 `handler error`，不会泄露异常信息。",
      fix: "在 `onError` 中记录 `error.cause` 并修复。微信支付会按重试时间表重新投递。",
    },
    en: {
      cause:
        "The handler threw (or its promise rejected). Not acknowledged; the thrown value is the error's `cause` in `onError`, and the reply says only `handler error`.",
      fix: "Log `error.cause` in `onError` and fix it. WeChat Pay redelivers on its retry schedule.",
    },
  },
  handler_not_acknowledged: {
    class: "HandlerError",
    group: "handler",
    zh: {
      cause:
        "处理函数既没有返回 `true`，也没有调用 `fail()`：比如忘了 `return true`，或返回了 `undefined`、`false`、一个对象。扫码支付回调则是没有返回 `prepay_id`，也没有调用 `alert()`。为了不丢通知，只有明确的 `true` 才算确认。",
      fix: "处理完成并持久化后 `return true`；扫码回调返回统一下单得到的 `prepay_id`。",
    },
    en: {
      cause:
        "The handler neither returned `true` nor called `fail()`: a forgotten `return true`, or `undefined`, `false`, an object. For a scan callback: no `prepay_id` returned and no `alert()`. Only an explicit `true` acknowledges, so nothing is lost by accident.",
      fix: "`return true` once the notification is durably processed; a scan handler returns the `prepay_id` from the unified order.",
    },
  },
  duplicate_in_progress: {
    class: "IdempotencyError",
    group: "idempotency",
    zh: {
      cause:
        "开启了 `idempotency`，而同一条通知的另一次投递正在处理中（持有租约）。这次投递以 409 拒绝，微信支付稍后重试，那时第一次投递通常已完成。",
      fix: "正常现象。如果希望重复投递等待第一次完成，设置 `waitMs`。",
    },
    en: {
      cause:
        "With `idempotency` on, another delivery of the same notification holds the lease right now. This one is refused with 409 and WeChat Pay retries later, by which time the first has usually finished.",
      fix: "Expected. Set `waitMs` to let a duplicate wait for the first delivery instead.",
    },
  },
  idempotency_store_unavailable: {
    class: "IdempotencyError",
    group: "idempotency",
    zh: {
      cause:
        "幂等存储出错（Redis 不可达、超时），或自定义的 `key` 函数抛出了异常。无法判断是否重复时不会确认，应答 503。",
      fix: "检查存储的可用性。ioredis 请配置 `maxRetriesPerRequest: 1` 与 `enableOfflineQueue: false`，让故障尽快变成 503，而不是挂起到微信支付超时。",
    },
    en: {
      cause:
        "The idempotency store failed (Redis unreachable, a timeout), or your `key` function threw. Without knowing whether this is a duplicate nothing is acknowledged: 503.",
      fix: "Check the store. With ioredis set `maxRetriesPerRequest: 1` and `enableOfflineQueue: false`, so an outage becomes a quick 503 instead of a hang past WeChat Pay's timeout.",
    },
  },
  lease_lost: {
    class: "IdempotencyError",
    group: "idempotency",
    zh: {
      cause:
        "处理函数运行时间超过了 `leaseMs`，租约过期后被另一次投递接管；这次的确认被拒绝（fencing），由接管者决定结果。",
      fix: "把 `leaseMs` 调到比最慢的处理函数更长，并让处理函数本身幂等。",
    },
    en: {
      cause:
        "The handler ran longer than `leaseMs`; the lease expired and another delivery took over, so this acknowledgment is refused (fencing) and the other delivery decides.",
      fix: "Raise `leaseMs` above your slowest handler, and keep the handler itself idempotent.",
    },
  },
  configuration_invalid: {
    class: "ConfigurationError",
    group: "setup",
    zh: {
      cause:
        "`createNotifier` 的配置有误：缺少 `mchId`、APIv3密钥不是 32 字节、PEM 无法读取、公钥 ID 不是 `PUB_KEY_ID_…`、同一个密钥配置了两次等，在启动时抛出。运行时若收到 v2 通知却没配 `apiV2Key`（或 v3 通知却没配 `apiV3Key`），也以此错误应答 500。",
      fix: "按错误信息修改配置。需要接收哪种版本的通知，就配置对应的密钥。",
    },
    en: {
      cause:
        "`createNotifier` was given a wrong configuration: no `mchId`, an APIv3 key that is not 32 bytes, an unreadable PEM, a public key id that is not `PUB_KEY_ID_…`, a key listed twice; thrown at start-up. At run time, a v2 notification without `apiV2Key` configured (or v3 without `apiV3Key`) is answered 500 with this code too.",
      fix: "Fix the configuration as the message says; configure the keys of every protocol version you receive.",
    },
  },
};
