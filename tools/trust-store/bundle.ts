/**
 * Checks a CA bundle before an ALB trust store reads it: every certificate parses (node:crypto's
 * X509Certificate), is a CA, has not expired (a warning within 30 days), and the bundle keeps the ALB's
 * trust store quotas: 25 CA certificates, 16 KB each, chain depth 4 (ALB_TRUST_STORE_QUOTAS, cited there).
 */
import * as fs from "fs";
import * as path from "path";
import { X509Certificate } from "crypto";
import { ALB_TRUST_STORE_QUOTAS } from "../../lib/aws-formats";

/** Days before expiry a certificate is reported as a warning. */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface BundleCertificate {
  /** 1-based position in the file. */
  readonly index: number;
  readonly pem: string;
  readonly certificate?: X509Certificate;
}

export interface TrustStoreCheck {
  /** Problems the ALB would refuse, or that make the trust store wrong: exit non-zero. */
  readonly errors: string[];
  readonly warnings: string[];
  /** One line per certificate: position, subject, CA, expiry. */
  readonly summary: string[];
}

/** The PEM certificate blocks of a bundle, each parsed where it can be. */
export function readBundle(text: string): BundleCertificate[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((pem, position) => {
    try {
      return { index: position + 1, pem, certificate: new X509Certificate(pem) };
    } catch {
      return { index: position + 1, pem };
    }
  });
}

/** The common name of a distinguished name in X509Certificate's form (one `key=value` per line), or all of it. */
export const commonName = (name: string) => /^CN=(.*)$/m.exec(name)?.[1] ?? name.replace(/\n/g, ", ");

/** Certificates in the longest chain ending at `certificate` whose issuers are in `pool` (itself included). */
function chainLength(certificate: X509Certificate, pool: readonly X509Certificate[], seen: Set<X509Certificate> = new Set()): number {
  if (seen.has(certificate) || certificate.checkIssued(certificate)) return 1;
  const issuers = pool.filter(
    (candidate) => candidate !== certificate && certificate.checkIssued(candidate) && certificate.verify(candidate.publicKey),
  );
  const next = new Set(seen).add(certificate);
  return 1 + Math.max(0, ...issuers.map((issuer) => chainLength(issuer, pool, next)));
}

/** The bundle checked as the ALB will use it; `now` for tests. */
export function checkBundle(file: string, text: string, now: Date = new Date()): TrustStoreCheck {
  const quotas = ALB_TRUST_STORE_QUOTAS;
  const entries = readBundle(text);
  const errors: string[] = [];
  const warnings: string[] = [];
  const summary: string[] = [];
  if (entries.length === 0) errors.push(`${file}: holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  if (entries.length > quotas.caCertificates) {
    errors.push(`${file}: holds ${entries.length} certificates; an ALB trust store takes at most ${quotas.caCertificates} CA certificates`);
  }
  const parsed = entries.flatMap((entry) => (entry.certificate ? [entry.certificate] : []));
  for (const { index, pem, certificate } of entries) {
    const at = `${file}: certificate ${index}`;
    if (Buffer.byteLength(pem) > quotas.certificateBytes) {
      errors.push(
        `${at} is ${Buffer.byteLength(pem)} bytes; the ALB takes at most ${quotas.certificateBytes} bytes (16 KB) per certificate`,
      );
    }
    if (!certificate) {
      errors.push(`${at} does not parse as an X.509 certificate`);
      continue;
    }
    const name = commonName(certificate.subject);
    const expires = new Date(certificate.validTo);
    summary.push(`${index}. ${name}  CA: ${certificate.ca ? "yes" : "no"}  expires ${expires.toISOString().slice(0, 10)}`);
    if (!certificate.ca)
      errors.push(`${at} (${name}) is not a CA certificate (basicConstraints CA:FALSE or absent): a trust store holds CAs only`);
    if (expires <= now) errors.push(`${at} (${name}) expired on ${expires.toISOString()}`);
    else if (expires.getTime() - now.getTime() < EXPIRY_WARNING_DAYS * DAY_MS) {
      warnings.push(
        `${at} (${name}) expires on ${expires.toISOString()}, within ${EXPIRY_WARNING_DAYS} days: get the renewed certificate from the PKI`,
      );
    }
    const depth = chainLength(certificate, parsed);
    if (depth > quotas.chainDepth) {
      errors.push(`${at} (${name}) ends a chain of ${depth} certificates; the ALB verifies chains of at most ${quotas.chainDepth}`);
    }
  }
  return { errors, warnings, summary };
}

/** The parts of a loaded config directory the repository-bundle check reads. */
export interface TrustStoreConfigs {
  readonly environments: {
    readonly treasuryPlane: readonly { readonly stack: string; readonly config: { readonly mutualTls: { readonly caBundle: object } } }[];
  };
}

/**
 * Preflight for CA bundles kept in this repository (`mutualTls.caBundle.pemFile`, relative to `root`): the
 * bundle check of each, its lines prefixed with the stack, for the `wanted` stacks (every one when empty).
 */
export function repositoryBundleChecks(config: TrustStoreConfigs, root: string, wanted: readonly string[] = []): TrustStoreCheck {
  const checks = config.environments.treasuryPlane
    .filter(({ stack }) => wanted.length === 0 || wanted.includes(stack))
    .flatMap(({ stack, config: { mutualTls } }) => {
      const bundle = mutualTls.caBundle as { pemFile?: string };
      if (!bundle.pemFile) return [];
      const file = path.resolve(root, bundle.pemFile);
      const check = fs.existsSync(file)
        ? checkBundle(bundle.pemFile, fs.readFileSync(file, "utf8"))
        : { errors: [`${bundle.pemFile}: does not exist`], warnings: [], summary: [] };
      const prefix = (line: string) => `${stack}: ${line}`;
      return [{ errors: check.errors.map(prefix), warnings: check.warnings.map(prefix), summary: check.summary.map(prefix) }];
    });
  return {
    errors: checks.flatMap((check) => check.errors),
    warnings: checks.flatMap((check) => check.warnings),
    summary: checks.flatMap((check) => check.summary),
  };
}
