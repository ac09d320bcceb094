import { X509Certificate } from "node:crypto";
import forge from "node-forge";

/** Options for {@link createPlatformCertificate}. */
export interface PlatformCertificateOptions {
  /** 40 upper-case hex characters; the first byte must be below 0x80. */
  serial: string;
  /** Start of validity. */
  notBefore: Date;
  /** End of validity. */
  notAfter: Date;
}

/**
 * Builds a self-signed X.509 platform certificate (平台证书) for an RSA key.
 * node:crypto cannot create certificates, hence node-forge; the key itself
 * comes from node:crypto, which is much faster at generating it.
 */
export function createPlatformCertificate(
  privateKeyPem: string,
  publicKeyPem: string,
  options: PlatformCertificateOptions,
): string {
  if (!/^[0-7][0-9A-F]{39}$/.test(options.serial)) {
    // A first byte >= 0x80 would be DER-encoded with a leading 00, and the
    // serial parsed back would no longer match the header value.
    throw new TypeError(
      "@wxnotify/testing: a certificate serial must be 40 upper-case hex characters starting with 0-7.",
    );
  }
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = options.serial.toLowerCase();
  cert.validity.notBefore = options.notBefore;
  cert.validity.notAfter = options.notAfter;
  const attrs = [
    { shortName: "C", value: "CN" },
    { shortName: "O", value: "wxnotify test" },
    { shortName: "OU", value: "wxnotify test platform" },
    { shortName: "CN", value: "wxnotify test platform certificate" },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(
    forge.pki.privateKeyFromPem(privateKeyPem),
    forge.md.sha256.create(),
  );
  const pem = forge.pki.certificateToPem(cert).replace(/\r\n/g, "\n").trim();
  const parsed = new X509Certificate(pem);
  if (parsed.serialNumber.toUpperCase() !== options.serial) {
    throw new Error(
      `@wxnotify/testing: the certificate serial came out as ${parsed.serialNumber}, not ${options.serial}.`,
    );
  }
  return `${pem}\n`;
}
