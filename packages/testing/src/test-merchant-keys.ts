/**
 * Everything that identifies a test merchant: the merchant's ids and keys,
 * and WeChat Pay's side (the RSA key that signs v3 notifications, published
 * both as a WeChat Pay public key and as a platform certificate).
 */
export interface TestMerchantKeys {
  /** Merchant id (商户号), 10 digits. */
  readonly mchId: string;
  /** App id, `wx` followed by 16 hex characters. */
  readonly appId: string;
  /** APIv2 key (API密钥), 32 characters. */
  readonly apiV2Key: string;
  /** APIv3 key (APIv3密钥), 32 characters. */
  readonly apiV3Key: string;
  /** WeChat Pay's signing key, PKCS#8 PEM: only a simulator has this. */
  readonly privateKeyPem: string;
  /** The matching WeChat Pay public key, SPKI PEM (`BEGIN PUBLIC KEY`). */
  readonly publicKeyPem: string;
  /** The public key's id, `PUB_KEY_ID_` followed by 34 digits. */
  readonly publicKeyId: string;
  /** Self-signed platform certificate for the same key, PEM. */
  readonly certificatePem: string;
  /** The certificate's serial, 40 upper-case hex characters. */
  readonly certificateSerial: string;
}
