import { Tier } from "../config/schema";
import { TerraformJson } from "../terraform-json";
import { refersTo, text } from "./config-values";
import { ResourceConfig, StackView } from "./types";

const REFERENCE = /^\$\{(data\.)?([A-Za-z0-9_]+)\.([A-Za-z0-9_-]+)/;

/** Index over a synthesized stack's resources, data sources and providers. */
export function stackView(json: TerraformJson, tier: Tier): StackView & { readonly all: readonly ResourceConfig[] } {
  const byType = new Map<string, ResourceConfig[]>();
  const dataByType = new Map<string, ResourceConfig[]>();
  const all: ResourceConfig[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    const list = Object.entries(byName).map(([name, config]) => ({ type, name, address: `${type}.${name}`, config }));
    byType.set(type, list);
    all.push(...list);
  }
  for (const [type, byName] of Object.entries(json.data ?? {})) {
    dataByType.set(
      type,
      Object.entries(byName).map(([name, config]) => ({ type, name, address: `data.${type}.${name}`, config })),
    );
  }
  for (const [name, configs] of Object.entries(json.provider ?? {})) {
    for (const config of configs) {
      const address = config.alias ? `provider.${name}.${text(config.alias)}` : `provider.${name}`;
      const provider = { type: `provider.${name}`, name: text(config.alias ?? name), address, config };
      all.push(provider);
      // Rules ask for provider blocks by type too (`provider.aws`).
      byType.set(provider.type, [...(byType.get(provider.type) ?? []), provider]);
    }
  }
  return {
    tier,
    all,
    resources: (type) => byType.get(type) ?? [],
    dataSources: (type) => dataByType.get(type) ?? [],
    referencing: (type, target, attribute) =>
      (byType.get(type) ?? []).filter((resource) =>
        refersTo(attribute === undefined ? resource.config : resource.config[attribute], target.address),
      ),
    resolve: (reference) => {
      const match = typeof reference === "string" ? REFERENCE.exec(reference) : null;
      if (!match) return undefined;
      const [, data, type, name] = match;
      return ((data ? dataByType : byType).get(type) ?? []).find((resource) => resource.name === name);
    },
  };
}
