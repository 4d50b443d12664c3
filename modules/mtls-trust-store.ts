import * as fs from "fs";
import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import { LbTrustStore } from "@cdktf/provider-aws/lib/lb-trust-store";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { propChecks } from "../lib/construct-validation";
import { ELB_NAME } from "../lib/aws-formats";
import { AccountContext, DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { LoadBalancer } from "./load-balancer";
import { Grantable } from "./role-policy";
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

export interface MtlsTrustStoreProps {
  /** Trust store name, 1-32 letters, digits and hyphens. */
  readonly name: string;
  readonly caBundle: S3CaBundle | PemFileCaBundle;
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
  /** Where the CA bundle is: an app validating passthrough chains reads the same bundle as the trust store. */
  readonly bundleLocation: { readonly bucket: string; readonly key: string; readonly version?: string };
  /** Bucket holding an uploaded bundle. @default - undefined for a bundle already in S3 */
  readonly bundleBucket?: SecureBucket;
  private readonly partition: string;

  constructor(scope: Construct, id: string, props: MtlsTrustStoreProps) {
    super(scope, id);
    validate(this, props);
    let location: MtlsTrustStore["bundleLocation"];
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
    this.bundleLocation = location;
    this.partition = props.account.partition;
  }

  /** Lets `grantee` read the CA bundle object (any version): an app validating passthrough chains reads it. */
  grantReadBundle(grantee: Grantable): void {
    const { bucket, key } = this.bundleLocation;
    grantee.addToPrincipalPolicy({
      Sid: "ReadMutualTlsCaBundle",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      Resource: `arn:${this.partition}:s3:::${bucket}/${key}`,
    });
  }
}

/**
 * What an app behind `loadBalancer` needs to authenticate PIV/CAC users in the chosen mode: the mode, the
 * headers carrying the client certificate, the listener ports (`X-Forwarded-Port`, set by the ALB) that do
 * and do not carry a verified one, and in passthrough the CA bundle to validate chains against.
 */
export function clientCertificateVariables(
  mode: "verify" | "passthrough",
  loadBalancer: LoadBalancer,
  trustStore: MtlsTrustStore,
): Record<string, string> {
  const [pivPort, loginGovPort = pivPort] = loadBalancer.httpsPorts;
  const bundle = trustStore.bundleLocation;
  return {
    MTLS_MODE: mode,
    MTLS_CLIENT_CERT_HEADERS: loadBalancer.clientCertificateHeaders.join(","),
    PIV_LISTENER_PORT: String(pivPort),
    LOGIN_GOV_LISTENER_PORT: String(loginGovPort),
    ...(mode === "passthrough" && {
      MTLS_CA_BUNDLE_S3_URI: `s3://${bundle.bucket}/${bundle.key}`,
      ...(bundle.version && { MTLS_CA_BUNDLE_S3_VERSION: bundle.version }),
    }),
  };
}

/**
 * The API's base URLs on `hostName` by who uses them: `piv` (client certificate, 443) and, with a second
 * listener for clients without one, `login_gov`.
 */
export function apiUrlsByAudience(loadBalancer: LoadBalancer, hostName: string): Record<string, string> {
  return Object.fromEntries(
    loadBalancer.httpsPorts.map((port, index) => [
      index === 0 ? "piv" : "login_gov",
      `https://${hostName}${port === 443 ? "" : `:${port}`}`,
    ]),
  );
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
}
