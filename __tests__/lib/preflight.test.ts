import { z } from "zod";
import { loadConfig } from "../../stacks/app";
import { findPlaceholders, placeholder } from "../../lib/config/placeholders";
import { placeholdersByStack, placeholderWarnings, preflight } from "../../lib/config/preflight";
import {
  acmCertificateArn,
  awsAccountId,
  cidrBlock,
  domainName,
  emailAddress,
  hostedZoneId,
  kmsKeyArn,
  s3BucketName,
} from "../../lib/config/schema";
import { configCopy, FILLED_IN, STATE_KEY_ARN } from "../support/config-dir";

const committed = placeholdersByStack(loadConfig());
const filled = placeholdersByStack(loadConfig(configCopy(FILLED_IN)));

/** Every placeholder of the committed template: file, field and value. */
const TEMPLATE_PLACEHOLDERS = [
  ["config/state-backend.json", "bucket", "platforms-terraform-state-replace-me"],
  ["config/state-backend.json", "allowedAccountIds\\[0\\]", "111122223333"],
  ["config/coherent-dev.json", "sshAllowedCidr", "203.0.113.0/24"],
  ["config/coherent-prod.json", "allowedAccountIds\\[0\\]", "111122223333"],
  ["config/coherent-prod.json", "sshAllowedCidr", "203.0.113.0/24"],
  ["config/coherent-prod.json", "domain.name", "example.com"],
  ["config/coherent-prod.json", "domain.hostedZoneId", "Z0123456789EXAMPLE"],
  ["config/coherent-prod.json", "monitoring.alarmSubscribers\\[0\\].email", "alarms@example.com"],
  ["config/treasury-plane-dev.json", "domain.hostedZoneId", "Z0REPLACEWITHZONEID"],
  ["config/treasury-plane-dev.json", "mutualTls.caBundle.bucket", "treasury-plane-pki-replace-me"],
  ["config/treasury-plane-prod.json", "allowedAccountIds\\[0\\]", "111122223333"],
  ["config/treasury-plane-prod.json", "domain.hostedZoneId", "Z0REPLACEWITHZONEID"],
  ["config/treasury-plane-prod.json", "mutualTls.caBundle.bucket", "treasury-plane-pki-replace-me"],
  ["config/treasury-plane-prod.json", "mutualTls.caBundle.objectVersion", "REPLACE-WITH-VERSION-ID"],
  ["config/treasury-plane-prod.json", "mutualTls.revocationLists\\[0\\].bucket", "treasury-plane-pki-replace-me"],
  ["config/treasury-plane-prod.json", "mutualTls.revocationLists\\[0\\].objectVersion", "REPLACE-WITH-VERSION-ID"],
  ["config/treasury-plane-prod.json", "monitoring.alarmSubscribers\\[0\\].email", "alarms@example.com"],
] as const;

describe("preflight", () => {
  test("GIVEN the committed config THEN it fails and names every placeholder with file, field, value and what to put there", () => {
    const result = preflight(committed);
    expect(result.exitCode).toBe(1);
    for (const [file, field, value] of TEMPLATE_PLACEHOLDERS) {
      expect(result.report).toMatch(
        new RegExp(`^  - ${file}: ${field.replace(/\./g, "\\.")} = "${value}" is a placeholder; put \\S.*$`, "m"),
      );
    }
    // Plus the state backend without the state KMS key, which blocks every system stack, then the two
    // development stacks without an account guard, which are notes.
    const [blocking, notes] = result.report.split(/^\d+ value\(s\) worth setting.*$/m);
    expect(blocking.split("\n").filter((line) => line.startsWith("  - "))).toHaveLength(TEMPLATE_PLACEHOLDERS.length + 1);
    expect(notes.split("\n").filter((line) => line.startsWith("  - "))).toEqual([
      expect.stringMatching(
        /^ {2}- config\/coherent-dev\.json: allowedAccountIds is not set; put the account id\(s\) this stack is applied to, /,
      ),
      expect.stringMatching(/^ {2}- config\/treasury-plane-dev\.json: allowedAccountIds is not set; /),
    ]);
    expect(result.report).toContain(
      'config/coherent-prod.json: domain.hostedZoneId = "Z0123456789EXAMPLE" is a placeholder; put the id of the domain\'s public Route 53 hosted zone',
    );
  });

  test("GIVEN the state bucket placeholder THEN it is listed once, as blocking every stack that keeps state in it", () => {
    const line = preflight(committed)
      .report.split("\n")
      .find((text) => text.includes("state-backend.json: bucket"));
    expect(line).toMatch(/\[stacks: state-backend, coherent-dev, coherent-prod, treasury-plane-dev, treasury-plane-prod\]$/);
  });

  test("GIVEN every placeholder filled in THEN it passes", () => {
    expect(preflight(filled)).toEqual({
      exitCode: 0,
      report: expect.stringMatching(/^preflight: no placeholders in the config of state-backend, /),
    });
  });

  test("GIVEN a development stack without an account guard THEN preflight passes with a note, and synth warns on that stack only", () => {
    const unguarded = placeholdersByStack(
      loadConfig(configCopy(FILLED_IN, { "coherent-dev.json": (config) => delete config.allowedAccountIds })),
    );
    const result = preflight(unguarded);
    expect(result.exitCode).toBe(0);
    expect(result.report.split("\n").slice(1)).toEqual([
      "1 value(s) worth setting (the stacks work without them):",
      expect.stringMatching(/^ {2}- \S*config\/coherent-dev\.json: allowedAccountIds is not set; .* \[stacks: coherent-dev\]$/),
    ]);
    expect(placeholderWarnings(unguarded)).toEqual([
      expect.stringMatching(/^warning: coherent-dev: worth setting \(\S*config\/coherent-dev\.json: allowedAccountIds\); /),
    ]);
  });

  test("GIVEN stack names THEN only those stacks' config is judged", () => {
    const stackFilled = placeholdersByStack(loadConfig(configCopy({ "coherent-dev.json": FILLED_IN["coherent-dev.json"] })));
    const dev = preflight(stackFilled, ["coherent-dev"]);
    expect(dev.exitCode).toBe(1);
    expect(dev.report).toContain("config/state-backend.json: bucket");
    expect(dev.report).not.toContain("coherent-prod.json");
    expect(dev.report).not.toContain("treasury-plane");

    const clean = placeholdersByStack(
      loadConfig(
        configCopy(FILLED_IN, {
          "treasury-plane-prod.json": (config) => (config.monitoring = { alarmSubscribers: [{ https: "https://pager.example.org/sns" }] }),
        }),
      ),
    );
    expect(preflight(clean, ["treasury-plane-dev"]).exitCode).toBe(0);
    expect(preflight(clean, ["treasury-plane-prod"]).report).toContain(
      'config/treasury-plane-prod.json: monitoring.alarmSubscribers[0].https = "https://pager.example.org/sns" is a placeholder; put the URL of an endpoint that confirms SNS subscriptions',
    );
  });

  test("GIVEN an unknown stack name THEN it says which stacks exist", () => {
    expect(preflight(committed, ["coherent-staging"])).toEqual({
      exitCode: 2,
      report:
        "unknown stack(s): coherent-staging; stacks: state-backend, coherent-dev, coherent-prod, treasury-plane-dev, treasury-plane-prod",
    });
  });

  test("GIVEN a stack that keeps its state in its own bucket THEN the template's state bucket does not block it, its own missing key does", () => {
    const own = (stateBackend: Record<string, unknown>) =>
      placeholdersByStack(
        loadConfig(
          configCopy({ "coherent-dev.json": (config) => Object.assign(config, { sshAllowedCidr: "10.20.0.0/16", stateBackend }) }),
        ),
      );
    const withoutKey = preflight(own({ bucket: "acme-dev-state" }), ["coherent-dev"]);
    expect(withoutKey.exitCode).toBe(1);
    expect(withoutKey.report.split("\n").filter((line) => line.startsWith("  - "))).toEqual([
      expect.stringMatching(/^ {2}- \S*config\/coherent-dev\.json: stateBackend\.kmsKeyId is not set; put the state KMS key's ARN/),
      expect.stringMatching(/^ {2}- \S*config\/coherent-dev\.json: allowedAccountIds is not set; /),
    ]);
    expect(preflight(own({ bucket: "acme-dev-state", kmsKeyId: STATE_KEY_ARN }), ["coherent-dev"]).exitCode).toBe(0);
    expect(preflight(own({ bucket: "acme-dev-state" }), ["state-backend"]).exitCode).toBe(1);
  });

  test("GIVEN a backend without the state KMS key THEN every system stack is blocked, naming state-backend.json and the bootstrap; the state-backend stack is not, until its state is in the bucket", () => {
    const keyless = (change: (config: Record<string, unknown>) => void) =>
      preflight(placeholdersByStack(loadConfig(configCopy(FILLED_IN, { "state-backend.json": change }))));
    const before = keyless((config) => delete config.kmsKeyId);
    expect(before.exitCode).toBe(1);
    expect(before.report).toContain(
      "config/state-backend.json: kmsKeyId is not set; put the state KMS key's ARN, so state objects are encrypted with it rather than SSE-S3: `npm run bootstrap` writes the state-backend stack's `state_kms_key_arn` output here [stacks: coherent-dev, coherent-prod, treasury-plane-dev, treasury-plane-prod]",
    );
    const after = keyless((config) => Object.assign(config, { ownState: "bucket", kmsKeyId: undefined }));
    expect(after.report).toMatch(/kmsKeyId is not set; .* \[stacks: state-backend, coherent-dev, /);
  });

  test("GIVEN the state-backend stack's state in its bucket and no state KMS key THEN the missing key is listed once, each stack named once, and counted once per stack", () => {
    const stacks = placeholdersByStack(
      loadConfig(
        configCopy(FILLED_IN, { "state-backend.json": (config) => Object.assign(config, { ownState: "bucket", kmsKeyId: undefined }) }),
      ),
    );
    const result = preflight(stacks);
    expect(result.exitCode).toBe(1);
    expect(result.report.split("\n").filter((line) => line.startsWith("  - "))).toEqual([
      expect.stringMatching(
        /^ {2}- \S*config\/state-backend\.json: kmsKeyId is not set; put .* \[stacks: state-backend, coherent-dev, coherent-prod, treasury-plane-dev, treasury-plane-prod\]$/,
      ),
    ]);
    expect(placeholderWarnings(stacks)).toEqual(
      ["state-backend", "coherent-dev", "coherent-prod", "treasury-plane-dev", "treasury-plane-prod"].map((stack) =>
        expect.stringMatching(
          new RegExp(`^warning: ${stack}: 1 value\\(s\\) to fill in \\(\\S*config/state-backend\\.json: kmsKeyId\\); run `),
        ),
      ),
    );
  });

  test("GIVEN the committed config THEN synth warns with one line per stack, each naming its placeholder fields; GIVEN it filled in THEN not at all", () => {
    expect(placeholderWarnings(committed)).toEqual([
      "warning: state-backend: 2 value(s) to fill in (config/state-backend.json: bucket, allowedAccountIds[0]); run `npm run preflight` before plan or apply",
      "warning: coherent-dev: 3 value(s) to fill in (config/coherent-dev.json: sshAllowedCidr; config/state-backend.json: bucket, kmsKeyId), worth setting (config/coherent-dev.json: allowedAccountIds); run `npm run preflight` before plan or apply",
      expect.stringMatching(
        /^warning: coherent-prod: 7 value\(s\) to fill in \(config\/coherent-prod\.json: allowedAccountIds\[0\], sshAllowedCidr, domain\.name, domain\.hostedZoneId, monitoring\.alarmSubscribers\[0\]\.email; /,
      ),
      expect.stringMatching(/^warning: treasury-plane-dev: 4 .*, worth setting \(config\/treasury-plane-dev\.json: allowedAccountIds\); /),
      expect.stringMatching(
        /^warning: treasury-plane-prod: 9 .*mutualTls\.caBundle\.objectVersion, mutualTls\.revocationLists\[0\]\.bucket, /,
      ),
    ]);
    expect(placeholderWarnings(filled)).toEqual([]);
  });
});

describe("placeholder declarations", () => {
  // GIVEN a field type WHEN a value is one AWS or the RFCs reserve for examples THEN it is a placeholder; a real one is not.
  test.each<[string, string, string, z.ZodType]>([
    ["hosted zone id", "Z0REPLACEWITHZONEID", "Z04512345ABCDEFGHIJKL", hostedZoneId],
    ["bucket", "treasury-plane-pki-replace-me", "acme-federal-pki", s3BucketName],
    ["bucket (AWS documentation prefix)", "amzn-s3-demo-bucket", "acme-artifacts", s3BucketName],
    ["domain", "example.com", "pmo.acme-corp.net", domainName],
    ["domain (reserved TLD)", "coherent.test", "coherent.acme.io", domainName],
    ["e-mail", "ops@example.net", "ops@acme-corp.net", emailAddress],
    ["CIDR (RFC 5737)", "198.51.100.7/32", "10.20.0.0/16", cidrBlock],
    ["account id", "111122223333", "402938475610", awsAccountId],
    [
      "certificate",
      "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
      "arn:aws:acm:us-east-1:402938475610:certificate/11111111-2222-3333-4444-555555555555",
      acmCertificateArn,
    ],
    [
      "KMS key",
      "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555",
      "arn:aws:kms:us-east-1:402938475610:key/11111111-2222-3333-4444-555555555555",
      kmsKeyArn,
    ],
  ])("GIVEN a %s THEN %p is a placeholder, %p is not", (_type, standIn, real, schema) => {
    expect(findPlaceholders(schema, standIn)).toEqual([{ field: "", value: standIn, fix: expect.any(String) }]);
    expect(findPlaceholders(schema, real)).toEqual([]);
  });

  test("GIVEN a field-level rule THEN it says what to put in that field and keeps the type's test", () => {
    const schema = z.strictObject({ pki: z.strictObject({ bucket: placeholder(s3BucketName, { fix: "the PKI bucket" }) }).optional() });
    expect(findPlaceholders(schema, { pki: { bucket: "pki-replace-me" } })).toEqual([
      { field: "pki.bucket", value: "pki-replace-me", fix: "the PKI bucket" },
    ]);
    expect(findPlaceholders(s3BucketName, "pki-replace-me")[0].fix).toBe("the name of a bucket your account owns");
  });

  test("GIVEN a placeholder THEN config loading still accepts it (a fresh clone synthesizes)", () => {
    expect(() => loadConfig()).not.toThrow();
  });
});
