import type { V2SignType } from "./_internal/v2-signature.js";

/**
 * A notification exactly as WeChat Pay would send it: the plain
 * `{ method, headers, body }` object that `@wxnotify/core` accepts, with
 * `body` the exact bytes, plus helpers to read it.
 */
export interface SignedNotification {
  /** Always `POST`. */
  readonly method: "POST";
  /** Request headers, canonical case (`Wechatpay-Signature`, `Content-Type`). */
  readonly headers: Record<string, string>;
  /** The exact body bytes; never re-serialize them. */
  readonly body: Uint8Array;
  /** The body decoded as UTF-8. */
  readonly bodyText: string;
  /** Protocol family: v2 XML or v3 JSON. */
  readonly version: "v2" | "v3";
  /** A Web `Request` carrying the same method, headers and bytes. */
  toRequest(url?: string): Request;
}

/** A signed v3 notification, with the envelope and plaintext it was built from. */
export interface V3Notification extends SignedNotification {
  /** Always `v3`. */
  readonly version: "v3";
  /** The `event_type`, e.g. `TRANSACTION.SUCCESS`. */
  readonly eventType: string;
  /** The JSON envelope serialized into `body` (resource encrypted). */
  readonly envelope: V3EnvelopeJson;
  /** The decrypted resource object. */
  readonly resource: Record<string, unknown>;
  /** The exact plaintext JSON that was encrypted. */
  readonly resourceText: string;
  /** `Wechatpay-Timestamp`. */
  readonly timestamp: string;
  /** `Wechatpay-Nonce`. */
  readonly nonce: string;
  /** `Wechatpay-Serial`: a `PUB_KEY_ID_…` id or a certificate serial. */
  readonly serial: string;
  /** `Wechatpay-Signature`. */
  readonly signature: string;
}

/** The JSON body of a v3 notification (spec §4.5). */
export interface V3EnvelopeJson {
  /** Notification id (UUID-like). */
  id: string;
  /** RFC 3339 time with offset. */
  create_time: string;
  /** `encrypt-resource`. */
  resource_type: string;
  /** e.g. `TRANSACTION.SUCCESS`. */
  event_type: string;
  /** Human text, e.g. 支付成功. */
  summary: string;
  /** The encrypted resource. */
  resource: {
    /** Type of the plaintext, e.g. `transaction`, `refund`. */
    original_type: string;
    /** `AEAD_AES_256_GCM`. */
    algorithm: string;
    /** Base64 of AES-256-GCM ciphertext followed by the 16-byte tag. */
    ciphertext: string;
    /** The AAD; may be empty. */
    associated_data: string;
    /** The 12-character GCM nonce. */
    nonce: string;
  };
  [field: string]: unknown;
}

/** What a v2 notification is: a payment, a refund, or a Native mode-1 scan. */
export type V2Kind = "paid" | "refunded" | "scanned";

/** A v2 XML notification, with the fields it carries. */
export interface V2Notification extends SignedNotification {
  /** Always `v2`. */
  readonly version: "v2";
  /** Payment, refund or scan callback. */
  readonly kind: V2Kind;
  /** The XML fields, in document order, `sign` included (refunds have none). */
  readonly fields: Readonly<Record<string, string>>;
  /** For a refund: the decrypted `req_info` fields. */
  readonly refund?: Readonly<Record<string, string>>;
  /** The algorithm of `sign`, when there is one. */
  readonly signType?: V2SignType;
}

/** Any notification built by this package. */
export type Notification = V3Notification | V2Notification;
