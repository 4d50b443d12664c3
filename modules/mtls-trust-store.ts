import * as fs from "fs";
import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import { LbTrustStore } from "@cdktf/provider-aws/lib/lb-trust-store";
import { LbTrustStoreRevocation } from "@cdktf/provider-aws/lib/lb-trust-store-revocation";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { propChecks } from "../lib/construct-validation";
import { ALB_TRUST_STORE_QUOTAS, ELB_NAME } from "../lib/aws-formats";
import { AccountContext, DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { SecureBucket } from "./secure-bucket";

/** A CA bundle already in S3 (for example published by the PKI team). */
export interface S3CaBundle {
  readonly bucket: string;
  readonly key: string;
  /** Pin one version; the trust store re-reads the bundle only when this changes. @default - the latest version */
  readonly objectVersion?: string;
}

/** A PEM bundle in this repository, uploaded to a bucket the construct creates. */
export interface PemFileCaBundle {
  /** Absolute path of the PEM file at synthesis time. */
  readonly pemFile: string;
  /** Bucket created to hold the uploaded bundle. */
  readonly bucketName: string;
}

/** A certificate revocation list (DER or PEM) in S3, one version pinned: the trust store reads it when it changes. */
export interface RevocationList {
  readonly bucket: string;
  readonly key: string;
  readonly objectVersion: string;
}

export interface MtlsTrustStoreProps {
  /** Trust store name, 1-32 letters, digits and hyphens. */
  readonly name: string;
  readonly caBundle: S3CaBundle | PemFileCaBundle;
  /**
   * CRLs the ALB checks client certificates against during the handshake (a revoked card is refused). At
   * most `ALB_TRUST_STORE_QUOTAS.revocationFiles`. @default - none: a revoked card works until it expires
   */
  readonly revocationLists?: readonly RevocationList[];
  /** For the ARN of the bundle object. */
  readonly account: AccountContext;
}

/**
 * The ALB trust store for mutual TLS (PIV/CAC): the CA certificates client certificates must chain to.
 * The bundle is read from S3 when the trust store is created or its object version changes; an
 * uploaded bundle is pinned to the uploaded version, so editing the PEM file updates the trust store.
 */
export class MtlsTrustStore extends Construct {
  readonly trustStore: LbTrustStore;
  readonly arn: string;
  /** Bucket holding an uploaded bundle. @default - undefined for a bundle already in S3 */
  readonly bundleBucket?: SecureBucket;

  constructor(scope: Construct, id: string, props: MtlsTrustStoreProps) {
    super(scope, id);
    validate(this, props);
    let location: { bucket: string; key: string; version?: string };
    if ("pemFile" in props.caBundle) {
      this.bundleBucket = new SecureBucket(this, "bundle-bucket", { bucketName: props.caBundle.bucketName });
      // The asset copies the file into the synthesized stack, so the plan never depends on a local path.
      const asset = new TerraformAsset(this, "bundle-file", { path: props.caBundle.pemFile, type: AssetType.FILE });
      const object = new S3Object(this, "bundle", {
        bucket: this.bundleBucket.bucket.id,
        key: "ca-bundle.pem",
        source: asset.path,
        sourceHash: asset.assetHash,
        contentType: "application/x-pem-file",
        // Uploaded after versioning is on, so versionId is a real version the trust store can pin.
        dependsOn: this.bundleBucket.versioning ? [this.bundleBucket.versioning] : undefined,
      });
      location = { bucket: object.bucket, key: object.key, version: object.versionId };
    } else {
      location = { bucket: props.caBundle.bucket, key: props.caBundle.key, version: props.caBundle.objectVersion };
    }
    this.trustStore = new LbTrustStore(this, DEFAULT_CHILD_ID, {
      name: props.name,
      caCertificatesBundleS3Bucket: location.bucket,
      caCertificatesBundleS3Key: location.key,
      caCertificatesBundleS3ObjectVersion: location.version,
    });
    this.arn = this.trustStore.arn;
    // One resource per list, addressed by its position. A new version replaces it, the new one added before
    // the old one is removed, so no moment goes without the list.
    (props.revocationLists ?? []).forEach(
      (list, index) =>
        new LbTrustStoreRevocation(this, `revocation-${index + 1}`, {
          trustStoreArn: this.trustStore.arn,
          revocationsS3Bucket: list.bucket,
          revocationsS3Key: list.key,
          revocationsS3ObjectVersion: list.objectVersion,
          lifecycle: { createBeforeDestroy: true },
        }),
    );
  }
}

function validate(trustStore: MtlsTrustStore, props: MtlsTrustStoreProps): void {
  const check = propChecks(trustStore);
  check.format("name", props.name, ELB_NAME);
  const bundle = props.caBundle;
  if ("pemFile" in bundle) {
    if (!fs.existsSync(bundle.pemFile)) check.fail("caBundle.pemFile", bundle.pemFile, "must be an existing file; this one does not exist");
    check.expect(
      fs.readFileSync(bundle.pemFile, "utf8").includes("-----BEGIN CERTIFICATE-----"),
      "caBundle.pemFile",
      bundle.pemFile,
      "must hold a PEM certificate (-----BEGIN CERTIFICATE-----); this file holds none",
    );
  } else {
    check.expect(bundle.key.length > 0, "caBundle.key", bundle.key, "must not be empty");
  }
  const lists = props.revocationLists ?? [];
  check.expect(
    lists.length <= ALB_TRUST_STORE_QUOTAS.revocationFiles,
    "revocationLists",
    lists.length,
    `must hold at most ${ALB_TRUST_STORE_QUOTAS.revocationFiles} revocation files (the ALB's trust store quota)`,
  );
  for (const list of lists) {
    check.expect(
      list.key.length > 0 && list.objectVersion.length > 0,
      "revocationLists",
      list,
      "each needs a key and a pinned objectVersion",
    );
  }
}
