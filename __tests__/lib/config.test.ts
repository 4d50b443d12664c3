import { TEST_NETWORK_LAYOUT } from "../support/fixtures";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { z } from "zod";
import { loadConfigDirectory, SystemConfigDefinition } from "../../lib/config";
import { ConfigError, parseConfig } from "../../lib/config/load";
import { checkNotWorldOpen, checkRange } from "../../lib/config/schema";
import { StateBackendConfig, stateBackendConfig } from "../../lib/config/state-backend";
import { checkSystemBase, systemConfigShape } from "../../lib/config/system";

const stateBackend: StateBackendConfig = parseConfig(
  "state-backend.json",
  { bucket: "org-tf-state", dynamodbTable: "org-tf-locks", allowedAccountIds: ["210987654321"] },
  stateBackendConfig,
);

/** A minimal system exercising every shared check, as the real systems do. */
const demoSystem: SystemConfigDefinition<unknown> = {
  system: "demo",
  schema: (backend) =>
    z
      .strictObject({
        ...systemConfigShape({ ...TEST_NETWORK_LAYOUT, natGateways: "single", flowLogRetentionDays: 90 }, backend),
        sshAllowedCidr: z.string().default("10.0.0.0/8"),
        minInstances: z.number().int().min(0).max(100).default(2),
        maxInstances: z.number().int().min(1).max(100).default(4),
        deletionProtection: z.boolean().optional(),
      })
      .superRefine((config, ctx) => {
        checkSystemBase(config, ctx);
        checkNotWorldOpen(config.sshAllowedCidr, ["sshAllowedCidr"], "SSH", ctx);
        checkRange(config.minInstances, config.maxInstances, ["maxInstances"], "minInstances", ctx);
        if (config.tier === "production" && config.deletionProtection === false) {
          ctx.addIssue({ code: "custom", path: ["deletionProtection"], message: "must stay on in production" });
        }
      }),
};

function problemsFor(input: unknown): readonly string[] {
  try {
    parseConfig("config/demo-dev.json", input, demoSystem.schema(stateBackend));
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("config validation", () => {
  test("GIVEN a minimal file THEN it gets the code defaults, including the state backend from state-backend.json", () => {
    const config = parseConfig("config/demo-dev.json", { tier: "development" }, demoSystem.schema(stateBackend)) as Record<string, unknown>;
    expect(config).toMatchObject({
      region: "us-east-1",
      stateBackend: { bucket: "org-tf-state", dynamodbTable: "org-tf-locks", region: "us-east-1", useLockfile: false },
      network: { vpcCidr: "10.0.0.0/16", natGateways: "single", flowLogRetentionDays: 90 },
    });
  });

  test("GIVEN a stack with its own existing state bucket and table THEN the stack may point at them", () => {
    const config = parseConfig(
      "config/demo-dev.json",
      { tier: "development", stateBackend: { bucket: "legacy-state", useLockfile: true } },
      demoSystem.schema(stateBackend),
    ) as { stateBackend: unknown };
    expect(config.stateBackend).toEqual({ bucket: "legacy-state", dynamodbTable: "org-tf-locks", region: "us-east-1", useLockfile: true });
  });

  test.each([
    ["unknown keys", { tier: "development", sshAllowedCIDR: "1.2.3.4/32" }, "config/demo-dev.json: sshAllowedCIDR: unknown field"],
    [
      "wrong types",
      { tier: "development", minInstances: "2" },
      'config/demo-dev.json: minInstances = "2": Invalid input: expected number, received string',
    ],
    ["missing required fields", {}, "config/demo-dev.json: tier = (missing):"],
    [
      "bad enum values",
      { tier: "staging" },
      'config/demo-dev.json: tier = "staging": Invalid option: expected one of "development"|"production"',
    ],
    [
      "malformed CIDRs",
      { tier: "development", network: { vpcCidr: "10.0.0.0/33" } },
      'network.vpcCidr = "10.0.0.0/33": must be an IPv4 CIDR aligned to its prefix',
    ],
    [
      "unaligned CIDRs",
      { tier: "development", network: { vpcCidr: "10.0.0.1/16" } },
      'network.vpcCidr = "10.0.0.1/16": must be an IPv4 CIDR',
    ],
    ["out-of-range numbers", { tier: "development", maxInstances: 101 }, "maxInstances = 101: Too big: expected number to be <=100"],
    [
      "retention CloudWatch does not offer",
      { tier: "development", network: { flowLogRetentionDays: 100 } },
      "network.flowLogRetentionDays = 100: must be one of CloudWatch's retention periods",
    ],
    [
      "subnets outside the VPC",
      { tier: "development", network: { vpcCidr: "10.1.0.0/16" } },
      'network.publicSubnets[0].cidr = "10.0.1.0/24" (default): must lie inside network.vpcCidr 10.1.0.0/16',
    ],
    [
      "overlapping subnets",
      {
        tier: "development",
        network: {
          privateSubnets: [
            { name: "private-1", cidr: "10.0.1.0/25" },
            { name: "private-2", cidr: "10.0.12.0/24" },
          ],
        },
      },
      'network.privateSubnets[0].cidr = "10.0.1.0/25": overlaps public-1 (10.0.1.0/24)',
    ],
    [
      "duplicate subnet names",
      {
        tier: "development",
        network: {
          privateSubnets: [
            { name: "public-1", cidr: "10.0.11.0/24" },
            { name: "private-2", cidr: "10.0.12.0/24" },
          ],
        },
      },
      'network.privateSubnets[0].name = "public-1": is used by another subnet',
    ],
    [
      "zones in another region",
      { tier: "development", network: { availabilityZones: ["eu-west-1a", "eu-west-1b"] } },
      'network.availabilityZones[0] = "eu-west-1a": must be in the stack\'s region us-east-1',
    ],
    [
      "more subnets than zones",
      { tier: "development", network: { availabilityZones: ["us-east-1a"] } },
      "must list at least two availability zones",
    ],
    ["min > max", { tier: "development", minInstances: 5, maxInstances: 4 }, "maxInstances = 4: must be >= minInstances (5)"],
    [
      "SSH open to the internet",
      { tier: "development", sshAllowedCidr: "0.0.0.0/0" },
      'sshAllowedCidr = "0.0.0.0/0": must not open SSH to the whole internet',
    ],
    [
      "prod without deletion protection",
      { tier: "production", allowedAccountIds: ["210987654321"], deletionProtection: false },
      "deletionProtection = false: must stay on in production",
    ],
    [
      "prod without an account guard",
      { tier: "production" },
      "allowedAccountIds = [] (default): must name the account(s) production is applied to: without it, credentials of any account (a developer's dev profile) would apply production there",
    ],
    [
      "a state key that is not a KMS key ARN",
      { tier: "development", stateBackend: { kmsKeyId: "alias/state" } },
      'stateBackend.kmsKeyId = "alias/state": must be a KMS key ARN',
    ],
    [
      "bad account ids",
      { tier: "development", allowedAccountIds: ["1234"] },
      'allowedAccountIds[0] = "1234": must be a 12-digit AWS account id',
    ],
  ])("GIVEN %s THEN it is refused, naming file, field, value and what is allowed", (_kind, input, expected) => {
    const problems = problemsFor(input);
    expect(problems.join("\n")).toContain(expected);
  });

  test("GIVEN malformed fields and cross-field mistakes THEN they are reported together, in one run", () => {
    const problems = problemsFor({ tier: "development", extra: 1, minInstances: "2", sshAllowedCidr: "0.0.0.0/0", maxInstances: 1 });
    expect(problems).toEqual([
      'config/demo-dev.json: minInstances = "2": Invalid input: expected number, received string',
      expect.stringContaining("config/demo-dev.json: extra: unknown field"),
      expect.stringContaining('config/demo-dev.json: sshAllowedCidr = "0.0.0.0/0": must not open SSH'),
      "config/demo-dev.json: maxInstances = 1: must be >= minInstances (2)",
    ]);
  });

  test("GIVEN a file with several problems THEN every problem is reported at once, one line each", () => {
    expect(problemsFor({ tier: "nope", region: "mars", extra: true })).toHaveLength(3);
  });
});

describe("loadConfigDirectory", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "config-"));
    fs.writeFileSync(
      path.join(dir, "state-backend.json"),
      JSON.stringify({ bucket: "org-tf-state", dynamodbTable: "org-tf-locks", allowedAccountIds: ["210987654321"] }),
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (file: string, content: unknown) =>
    fs.writeFileSync(path.join(dir, file), typeof content === "string" ? content : JSON.stringify(content));
  const problems = () => {
    try {
      loadConfigDirectory(dir, { demo: demoSystem });
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  test("GIVEN a config directory THEN each <system>-<environment>.json becomes one environment, named by its file", () => {
    write("demo-dev.json", { tier: "development" });
    write("demo-prod.json", { tier: "production", allowedAccountIds: ["210987654321"] });
    const { environments, stateBackend: backend } = loadConfigDirectory(dir, { demo: demoSystem });
    expect(environments.demo.map((e) => e.environment)).toEqual(["dev", "prod"]);
    expect(backend.bucket).toBe("org-tf-state");
  });

  test("GIVEN unknown files, bad names and broken JSON THEN problems from every file are collected", () => {
    write("demo-dev.json", { tier: "staging" });
    write("demo-Prod.json", { tier: "production" });
    write("other-dev.json", {});
    write("demo-qa.json", "{ not json");
    const found = problems().join("\n");
    expect(found).toMatch(/demo-Prod.json: environment name "Prod" must be 2-16 lowercase letters/);
    expect(found).toMatch(/other-dev.json: not a known config file; expected state-backend.json or demo-<environment>.json/);
    expect(found).toMatch(/demo-qa.json: cannot be read as JSON/);
    expect(found).toMatch(/demo-dev.json: tier = "staging"/);
  });

  test("GIVEN a state bucket name too long for its access-log bucket THEN it is refused", () => {
    write("state-backend.json", { bucket: "s".repeat(52), dynamodbTable: "org-tf-locks", allowedAccountIds: ["210987654321"] });
    expect(problems().join("\n")).toMatch(/state-backend.json: bucket = "s{52}": must be at most 51 characters/);
  });

  test("GIVEN a broken state-backend.json THEN it is reported by name", () => {
    write("state-backend.json", { bucket: "UPPER", dynamodbTable: "t" });
    expect(problems().join("\n")).toMatch(/state-backend.json: bucket = "UPPER": must be a valid S3 bucket name/);
  });
});
