/**
 * Checks certificate revocation lists before they are uploaded for an ALB trust store: each is DER or PEM,
 * signed by a CA in the trust store's bundle (its signature verified with that CA's key), not past its
 * nextUpdate (a stale list is what a revoked card slips through), and within the ALB's quotas: 30 files,
 * 50 MB each, 500,000 entries in all (ALB_TRUST_STORE_QUOTAS, cited there).
 */
import { verify, X509Certificate } from "crypto";
import { ALB_TRUST_STORE_QUOTAS } from "../../lib/aws-formats";
import { commonName, TrustStoreCheck } from "./bundle";
import { children, DER_TAG, DerElement, DerError, objectIdentifier, readElement, time } from "./der";

/** Signature algorithms (RFC 4055, RFC 5758) by OID, as node:crypto's digest names. */
const SIGNATURE_DIGESTS: Readonly<Record<string, string>> = {
  "1.2.840.113549.1.1.5": "sha1",
  "1.2.840.113549.1.1.11": "sha256",
  "1.2.840.113549.1.1.12": "sha384",
  "1.2.840.113549.1.1.13": "sha512",
  "1.2.840.10045.4.3.2": "sha256",
  "1.2.840.10045.4.3.3": "sha384",
  "1.2.840.10045.4.3.4": "sha512",
};

export interface RevocationList {
  readonly file: string;
  readonly bytes: number;
  readonly issuer?: X509Certificate;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
  readonly entries: number;
}

/** The DER bytes of a CRL file in either encoding. */
function derOf(content: Buffer): Buffer {
  const text = content.toString("latin1");
  const pem = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/.exec(text);
  return pem ? Buffer.from(pem[1].replace(/\s+/g, ""), "base64") : content;
}

/** Parses `content` (RFC 5280 section 5.1: CertificateList) and finds its issuer among `bundle` by signature. */
function readRevocationList(file: string, content: Buffer, bundle: readonly X509Certificate[]): RevocationList {
  const list = readElement(derOf(content));
  const [tbs, algorithm, signature] = list.tag === DER_TAG.sequence ? children(list) : [];
  if (!tbs || !algorithm || signature?.tag !== DER_TAG.bitString) throw new DerError("not a certificate revocation list");
  const fields = children(tbs);
  let at = fields[0]?.tag === DER_TAG.integer ? 1 : 0; // version is optional (v1 lists omit it)
  at += 2; // signature algorithm, issuer name
  const thisUpdate = time(fields[at++]);
  const next = fields[at];
  const nextUpdate = next && (next.tag === DER_TAG.utcTime || next.tag === DER_TAG.generalizedTime) ? time(fields[at++]) : undefined;
  const revoked: DerElement | undefined = fields[at]?.tag === DER_TAG.sequence ? fields[at] : undefined;
  const digest = SIGNATURE_DIGESTS[objectIdentifier(children(algorithm)[0])];
  // A BIT STRING's first byte counts unused bits (0 for signatures).
  const signatureBytes = signature.content.subarray(1);
  const issuer = digest ? bundle.find((candidate) => verifies(digest, tbs.bytes, candidate, signatureBytes)) : undefined;
  return { file, bytes: content.length, issuer, thisUpdate, nextUpdate, entries: revoked ? children(revoked).length : 0 };
}

function verifies(digest: string, data: Buffer, candidate: X509Certificate, signature: Buffer): boolean {
  try {
    return verify(digest, data, candidate.publicKey, signature);
  } catch {
    return false;
  }
}

/** Every list checked against the bundle and the quotas; `now` for tests. */
export function checkRevocationLists(
  files: readonly { file: string; content: Buffer }[],
  bundle: readonly X509Certificate[],
  now: Date = new Date(),
): TrustStoreCheck & { readonly lists: RevocationList[] } {
  const quotas = ALB_TRUST_STORE_QUOTAS;
  const errors: string[] = [];
  const warnings: string[] = [];
  const lists: RevocationList[] = [];
  if (files.length > quotas.revocationFiles) {
    errors.push(`${files.length} revocation files; an ALB trust store takes at most ${quotas.revocationFiles}`);
  }
  for (const { file, content } of files) {
    let list: RevocationList;
    try {
      list = readRevocationList(file, content, bundle);
    } catch (error) {
      errors.push(`${file}: cannot be read as a certificate revocation list (DER or PEM): ${(error as Error).message}`);
      continue;
    }
    lists.push(list);
    if (list.bytes > quotas.revocationFileBytes) {
      errors.push(`${file}: ${list.bytes} bytes; the ALB takes revocation files of at most ${quotas.revocationFileBytes} bytes (50 MB)`);
    }
    if (!list.issuer) errors.push(`${file}: is signed by no certificate in the bundle: the ALB would not use it for these clients`);
    if (!list.nextUpdate) warnings.push(`${file}: has no nextUpdate: nothing says when it goes stale`);
    else if (list.nextUpdate <= now) {
      errors.push(`${file}: its nextUpdate ${list.nextUpdate.toISOString()} has passed: a newer list exists, download it from the issuer`);
    }
  }
  const entries = lists.reduce((sum, list) => sum + list.entries, 0);
  if (entries > quotas.revocationEntries) {
    errors.push(`${entries} revocation entries in all; an ALB trust store takes at most ${quotas.revocationEntries}`);
  }
  const summary = lists.map(
    (list) =>
      `${list.file}: ${list.entries} revoked, issuer ${list.issuer ? commonName(list.issuer.subject) : "(not in the bundle)"}, ` +
      `next update ${list.nextUpdate?.toISOString() ?? "(none)"}, ${list.bytes} bytes`,
  );
  return { errors, warnings, summary: [...summary, `total: ${lists.length} file(s), ${entries} entries`], lists };
}
