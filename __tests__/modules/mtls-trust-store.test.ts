import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MtlsTrustStore, MtlsTrustStoreProps } from "../../modules/mtls-trust-store";
import { moduleTestStack, resource, resources, synthModule } from "../support/synth";

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
  test("GIVEN revocation lists THEN each pinned CRL version is added to the trust store, replaced new-before-old when its version changes", () => {
    const { json } = synthModule(
      (stack) =>
        new MtlsTrustStore(stack, "trust-store", {
          name: "tp-prod-piv",
          caBundle: { bucket: "pki-bundles", key: "fpki/ca.pem", objectVersion: "v1" },
          revocationLists: [
            { bucket: "pki-bundles", key: "fpki/crl/common-policy.crl", objectVersion: "c1" },
            { bucket: "pki-bundles", key: "fpki/crl/treasury-ca.crl", objectVersion: "t7" },
          ],
          account: stack.account,
        }),
    );
    expect(resources(json, "aws_lb_trust_store_revocation")).toEqual({
      "trust-store_revocation-1": {
        trust_store_arn: "${aws_lb_trust_store.trust-store.arn}",
        revocations_s3_bucket: "pki-bundles",
        revocations_s3_key: "fpki/crl/common-policy.crl",
        revocations_s3_object_version: "c1",
        lifecycle: { create_before_destroy: true },
      },
      "trust-store_revocation-2": expect.objectContaining({
        revocations_s3_key: "fpki/crl/treasury-ca.crl",
        revocations_s3_object_version: "t7",
      }),
    });
    // Without lists, none: the stack's config decides whether that is allowed (production needs them).
    expect(resources(build({ bucket: "pki", key: "ca.pem" }).json, "aws_lb_trust_store_revocation")).toEqual({});
  });

  test("GIVEN more revocation files than the ALB's quota THEN the trust store is refused", () => {
    const stack = moduleTestStack();
    const lists = Array.from({ length: 31 }, (_, index) => ({ bucket: "pki", key: `crl-${index}.crl`, objectVersion: "v" }));
    expect(
      () =>
        new MtlsTrustStore(stack, "trust-store", {
          name: "piv",
          caBundle: { bucket: "pki", key: "ca.pem" },
          revocationLists: lists,
          account: stack.account,
        }),
    ).toThrow(
      'MtlsTrustStore "test/trust-store": revocationLists = 31: must hold at most 30 revocation files (the ALB\'s trust store quota)',
    );
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
