/** `wxnotify --help`. */
export const MAIN_HELP = `wxnotify — a WeChat Pay notification simulator for testing notify endpoints

Usage:
  wxnotify keys [--out DIR]                  create a test merchant's keys
  wxnotify send <kind> --url URL [options]   send a signed notification (alias: trigger)
  wxnotify verify <file> [options]           diagnose a captured request offline

Kinds: paid, refund, scanned, or any v3 event type (e.g. REFUND.ABNORMAL,
COMPLAINT.CREATE). Run \`wxnotify <command> --help\` for a command's options.

Without --keys, the built-in test merchant of @wxnotify/testing signs; its
config is \`testMerchant().config\`. Exit status: 0 acknowledged (or verified),
1 not acknowledged (or a failed check), 2 a usage error.
`;

/** `wxnotify keys --help`. */
export const KEYS_HELP = `Usage: wxnotify keys [--out DIR] [--force]

Generates a test merchant: an RSA-2048 WeChat Pay key with its PUB_KEY_ID_ id
and a self-signed platform certificate, an APIv3 key, an APIv2 key, a mchid
and an appid.

Options:
  --out DIR   write merchant.json and the PEM files to DIR (loadTestMerchant(DIR)
              reads them; \`send --keys DIR\` signs with them). Without --out,
              print the merchant as JSON.
  --force     overwrite a merchant already in DIR
  -h, --help  show this help
`;

/** `wxnotify send --help`. */
export const SEND_HELP = `Usage: wxnotify send <kind> --url URL [options]
       wxnotify trigger <kind> --url URL [options]

Sends a notification exactly as WeChat Pay would, prints the request, the
reply and a verdict judged as WeChat judges it: acknowledged, WeChat would
retry, business error (scan refused), malformed reply, or not acknowledged.
Exits 1 unless acknowledged.

Kinds:
  paid        payment result (v3 TRANSACTION.SUCCESS, or v2 XML with --v2)
  refund      refund result (v3 REFUND.SUCCESS, or v2 XML with encrypted req_info)
  scanned     v2 Native mode-1 scan callback (the reply must carry a prepay_id)
  EVENT.TYPE  any v3 event type, e.g. REFUND.CLOSED, PROFITSHARING.SUCCESS

Options:
  --url URL              where to POST
  --v2, --v3             protocol (default v3; scanned is always v2)
  -f, --field k=v        override a field; repeatable. v3 paths are dotted
                         (amount.total=100); the value takes the type of the
                         default (number, string); k:=JSON sets raw JSON
  --unset k              remove a field (dotted for v3); repeatable
  --variant NAME         direct (default), partner, or combined (v3 payments)
  --via NAME             v3 serial: publicKey (PUB_KEY_ID_, default) or certificate
  --sign-type NAME       v2: MD5 (default) or HMAC-SHA256
  --omit-sign-type       v2: send no sign_type element (a 64-char sign implies HMAC)
  --tamper NAME          break it: stale, future, probe, unknown-serial,
                         flip-byte, reserialize, wrong-key, wrong-aad
  --keys DIR             sign as the merchant saved by \`wxnotify keys --out DIR\`
  --timeout MS           give up waiting after MS milliseconds (default 5000)
  --save FILE            also write the request as a capture file (for verify);
                         with --save, --url may be left out
  -q, --quiet            print only the verdict
  -h, --help             show this help

Examples:
  wxnotify send paid --url http://127.0.0.1:3000/notify -f amount.total=1
  wxnotify send paid --v2 --url http://127.0.0.1:3000/pay -f total_fee=1
  wxnotify trigger REFUND.ABNORMAL --url http://127.0.0.1:3000/refund
  wxnotify send paid --tamper probe --url http://127.0.0.1:3000/notify
`;

/** `wxnotify verify --help`. */
export const VERIFY_HELP = `Usage: wxnotify verify <file> [options]

Verifies a captured request offline with @wxnotify/core and names the check
that fails: method, body, headers, algorithm, timestamp, signature probe,
serial, signature, decryption, merchant, or kind.

The file is a JSON capture {"method","headers","body","bodyEncoding"?:"base64"}
(what \`send --save\` writes) or raw HTTP request text (request line, headers,
blank line, body).

Options:
  --keys DIR             verify with a saved test merchant (default: the built-in one)
  --expect KIND          paid, refunded, scanned or event
  --now WHEN             the time to check the timestamp against: unix seconds,
                         ISO 8601, or "capture" (the request's own timestamp)
  --mch-id ID            your merchant id (repeatable), --app-id ID your appid
  --api-v2-key KEY       your APIv2 key
  --api-v3-key KEY       your APIv3 key
  --public-key FILE      a WeChat Pay public key PEM, with --public-key-id PUB_KEY_ID_…
  --certificate FILE     a platform certificate PEM (repeatable)
  -h, --help             show this help

Real keys replace the test merchant's; never commit them or a capture of a
real notification.
`;
