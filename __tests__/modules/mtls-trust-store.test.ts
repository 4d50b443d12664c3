import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MtlsTrustStore, MtlsTrustStoreProps } from "../../modules/mtls-trust-store";
import { moduleTestStack, resource, resources, synthModule } from "../support/synth";
import { grantsOf } from "../support/fixtures";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";

function tempFile(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trust-store-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

function build(caBundle: MtlsTrustStoreProps["caBundle"], name = "tp-dev-piv") {
  return synthModule((stack) => new MtlsTrustStore(stack, "trust-store", { name, caBundle, account: stack.account }));
}

describe("MtlsTrustStore", () => {
  test("GIVEN grantReadBundle THEN the grantee may read that one bundle object (any version), nothing else in its bucket", () => {
    const granted = grantsOf(
      (stack) =>
        new MtlsTrustStore(stack, "trust-store", {
          name: "tp-dev-piv",
          caBundle: { bucket: "pki-bundles", key: "fpki/ca.pem" },
          account: stack.account,
        }),
      (trustStore, grantee) => trustStore.grantReadBundle(grantee),
    );
    expect(granted).toEqual([
      {
        Sid: "ReadMutualTlsCaBundle",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion"],
        Resource: "arn:${data.aws_partition.current-partition.partition}:s3:::pki-bundles/fpki/ca.pem",
      },
    ]);
  });

  test("GIVEN a bundle already in S3 THEN the trust store reads that bucket, key and pinned version; nothing is uploaded", () => {
    const { json } = build({ bucket: "pki-bundles", key: "fpki/ca.pem", objectVersion: "v42" });
    expect(resource(json, "aws_lb_trust_store.trust-store")).toMatchObject({
      name: "tp-dev-piv",
      ca_certificates_bundle_s3_bucket: "pki-bundles",
      ca_certificates_bundle_s3_key: "fpki/ca.pem",
      ca_certificates_bundle_s3_object_version: "v42",
    });
    expect(resources(json, "aws_s3_object")).toEqual({});
    expect(resources(json, "aws_s3_bucket")).toEqual({});
  });

  test("GIVEN a PEM file THEN it is uploaded to a private versioned bucket and the trust store pins the uploaded version", () => {
    const { json } = build({ pemFile: tempFile("fpki.pem", PEM), bucketName: "tp-dev-trust-store" });
    const object = resource(json, "aws_s3_object.trust-store_bundle");
    expect(object).toMatchObject({ bucket: "${aws_s3_bucket.trust-store_bundle-bucket.id}", key: "ca-bundle.pem" });
    // The file travels with the synthesized stack as an asset, never as a path on the build machine.
    expect(String(object.source)).toMatch(/^assets\//);
    expect(object.source_hash).toEqual(expect.any(String));
    expect(object.depends_on).toContain("aws_s3_bucket_versioning.trust-store_bundle-bucket_versioning");
    expect(resource(json, "aws_lb_trust_store.trust-store")).toMatchObject({
      ca_certificates_bundle_s3_bucket: "${aws_s3_object.trust-store_bundle.bucket}",
      ca_certificates_bundle_s3_key: "${aws_s3_object.trust-store_bundle.key}",
      ca_certificates_bundle_s3_object_version: "${aws_s3_object.trust-store_bundle.version_id}",
    });
    expect(resource(json, "aws_s3_bucket_public_access_block.trust-store_bundle-bucket_public-access-block")).toMatchObject({
      block_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test.each([
    [
      { pemFile: "/nonexistent/ca.pem", bucketName: "b-b-b" },
      /caBundle\.pemFile = "\/nonexistent\/ca\.pem": must be an existing file; this one does not exist/,
    ],
    [
      { pemFile: tempFile("empty.pem", "not a certificate"), bucketName: "b-b-b" },
      /caBundle\.pemFile = ".*empty\.pem": must hold a PEM certificate \(-----BEGIN CERTIFICATE-----\); this file holds none/,
    ],
    [{ bucket: "pki", key: "" }, /caBundle\.key = "": must not be empty/],
  ])("GIVEN bundle %j THEN it is refused", (caBundle, message) => {
    const stack = moduleTestStack();
    expect(() => new MtlsTrustStore(stack, "trust-store", { name: "piv", caBundle, account: stack.account })).toThrow(
      new RegExp(`MtlsTrustStore "test/trust-store": ${message.source}`),
    );
  });

  test.each(["-piv", "a".repeat(33), "piv_store"])("GIVEN the name %s THEN it is refused", (name) => {
    const stack = moduleTestStack();
    expect(
      () => new MtlsTrustStore(stack, "trust-store", { name, caBundle: { bucket: "pki", key: "ca.pem" }, account: stack.account }),
    ).toThrow(
      `MtlsTrustStore "test/trust-store": name = "${name}": must be 1-32 letters, digits and hyphens, not starting or ending with a hyphen`,
    );
  });
});
