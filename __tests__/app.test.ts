import { Testing } from "cdktf";
import { buildApp } from "../stacks/app";
import { PlatformStack } from "../lib/platform-stack";
import { allAddresses, SynthesizedStack } from "./support/synth";

/** Every stack of the real config, synthesized once (in-process, as `npm run synth` does). */
function synthesizeAll(): Map<string, { stack: PlatformStack; json: SynthesizedStack }> {
  const app = buildApp(Testing.app());
  const stacks = app.node.children.filter((child): child is PlatformStack => child instanceof PlatformStack);
  return new Map(stacks.map((stack) => [stack.node.id, { stack, json: JSON.parse(Testing.synth(stack, true)) }]));
}

const all = synthesizeAll();
const systemStacks = [...all.entries()].filter(([name]) => name !== "state-backend");

describe("the whole app", () => {
  test("GIVEN the committed config THEN the app synthesizes the state-backend stack", () => {
    expect(all.has("state-backend")).toBe(true);
  });

  test("GIVEN the committed config THEN the app synthesizes both environments of both systems", () => {
    expect(systemStacks.map(([name]) => name).sort()).toEqual([
      "coherent-dev",
      "coherent-prod",
      "treasury-plane-dev",
      "treasury-plane-prod",
    ]);
  });

  test.each([...all.entries()])(
    "GIVEN %s THEN every aws provider block carries the config's account guard; production and the state backend always have one",
    (name, entry) => {
      const providers = (entry.json.provider?.aws ?? []) as { alias?: string; allowed_account_ids?: string[] }[];
      expect(providers.length).toBeGreaterThan(0);
      const guards = providers.map((provider) => [provider.alias ?? "aws", provider.allowed_account_ids]);
      const expected = name.endsWith("-dev") ? undefined : ["111122223333"];
      expect(guards).toEqual(providers.map((provider) => [provider.alias ?? "aws", expected]));
    },
  );

  test.each(systemStacks)("GIVEN %s THEN it keeps its state in S3 with encryption and DynamoDB locking", (name, entry) => {
    const backend = entry.json.terraform?.backend?.s3 as Record<string, unknown>;
    expect(backend).toMatchObject({
      bucket: expect.any(String),
      key: `${entry.stack.system}/${entry.stack.environment}/terraform.tfstate`,
      region: expect.any(String),
      encrypt: true,
      dynamodb_table: expect.any(String),
    });
    expect(name).toBe(`${entry.stack.system}-${entry.stack.environment}`);
  });

  test("GIVEN every stack THEN state keys are unique across stacks", () => {
    const keys = systemStacks.map(([, { json }]) => (json.terraform?.backend?.s3 as { key: string }).key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test("GIVEN every stack THEN no Terraform address ends in a hash", () => {
    for (const [name, { json }] of all) {
      const hashed = allAddresses(json).filter((address) => /[_-][0-9A-F]{8}$/.test(address));
      expect({ name, hashed }).toEqual({ name, hashed: [] });
    }
  });
});
