import { CONFIG_KINDS, configJsonSchema } from "../../../lib/config/json-schema";
import { renderConfigurationReference } from "../../../tools/docs/configuration";

const reference = renderConfigurationReference();

/** The table row of `field` in the section of `file`, as cells. */
function row(file: string, field: string): string[] | undefined {
  const section = reference.split("\n## ").find((text) => text.startsWith(file)) ?? "";
  const line = section.split("\n").find((text) => text.startsWith(`| \`${field}\` |`));
  return line
    ?.split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((cellText) => cellText.trim());
}

describe("docs/configuration.md", () => {
  test.each(CONFIG_KINDS.map((kind) => [kind.kind, configJsonSchema(kind)] as const))(
    "GIVEN the %s schema THEN every top-level field has a row",
    (_, schema) => {
      const fields = Object.keys((schema as { properties: object }).properties);
      const title = String(schema.title);
      expect(fields.filter((field) => row(title, field) === undefined)).toEqual([]);
    },
  );

  test("GIVEN a range, a default and a description in the zod schema THEN the row shows all three", () => {
    expect(row("config/coherent-<environment>.json", "appServer.rootVolumeGb")).toEqual([
      "`appServer.rootVolumeGb`",
      "integer 8-16384",
      "30",
      "Encrypted gp3 root volume size in GiB.",
    ]);
    expect(row("config/coherent-<environment>.json", "database.backupRetentionDays")).toEqual([
      "`database.backupRetentionDays`",
      "integer 1-35",
      "7",
      "",
    ]);
  });

  test("GIVEN a field with no default THEN the row says it is required; a tier-dependent default is spelled out", () => {
    expect(row("config/treasury-plane-<environment>.json", "domain.name")?.[2]).toBe("required");
    expect(row("config/coherent-<environment>.json", "security.waf")?.[2]).toBe('tier === "production"');
    expect(row("config/coherent-<environment>.json", "tier")?.[1]).toBe('"development" \\| "production"');
  });

  test("GIVEN nested arrays and unions THEN their fields are listed under the parent", () => {
    expect(row("config/coherent-<environment>.json", "network.publicSubnets[].cidr")).toBeDefined();
    expect(row("config/treasury-plane-<environment>.json", "mutualTls.caBundle.pemFile")).toBeDefined();
    expect(row("config/coherent-<environment>.json", "no.such.field")).toBeUndefined();
  });
});
