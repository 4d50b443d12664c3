import { byCategory, COST_CATEGORIES, CostEstimate, CostLine } from "./estimate";
import { PriceTable } from "./prices";
import { SeedEstimate, seedEstimateFor } from "./seeds";
import { USAGE_DEFAULTS, UsageKey } from "./usage";

export const money = (amount: number): string => `${amount < 0 ? "-" : ""}$${Math.abs(amount).toFixed(2)}`;
const signed = (amount: number): string => (amount >= 0 ? `+${money(amount)}` : money(amount));
const number = (value: number): string => (Number.isInteger(value) ? value.toLocaleString("en-US") : String(Number(value.toPrecision(6))));
const price = (value: number): string => `$${String(Number(value.toPrecision(6)))}`;
const sum = (lines: readonly CostLine[]) => lines.reduce((total, line) => total + line.monthly, 0);

/** One row per stack: the estimate, the seed document's figure and the difference. */
export function costSummaryTable(estimates: readonly CostEstimate[]): string {
  const rows = estimates.map((estimate) => {
    const seed = seedEstimateFor(estimate.stack);
    const unpriced = estimate.unpriced.length ? `${estimate.unpriced.length} unpriced` : "none";
    return `| \`${estimate.stack}\` | ${money(estimate.total)} | ${seed ? `${money(seed.total)}${seed.derivation ? " (derived)" : ""}` : "-"} | ${seed ? signed(estimate.total - seed.total) : "-"} | ${unpriced} |`;
  });
  return ["| stack | this estimate / month | seed's estimate | difference | not priced |", "|---|---:|---:|---:|---|", ...rows].join("\n");
}

/** Categories as rows, stacks as columns. */
export function categoryTable(estimates: readonly CostEstimate[]): string {
  const perStack = estimates.map((estimate) => new Map(byCategory(estimate).map((entry) => [entry.category, entry.monthly])));
  const rows = COST_CATEGORIES.filter((category) => perStack.some((totals) => totals.has(category))).map(
    (category) =>
      `| ${category} | ${perStack.map((totals) => (totals.has(category) ? money(totals.get(category) ?? 0) : "-")).join(" | ")} |`,
  );
  return [
    `| category | ${estimates.map((estimate) => `\`${estimate.stack}\``).join(" | ")} |`,
    `|---|${estimates.map(() => "---:").join("|")}|`,
    ...rows,
    `| **total** | ${estimates.map((estimate) => `**${money(estimate.total)}**`).join(" | ")} |`,
  ].join("\n");
}

/** Every priced line of one stack, with its arithmetic. */
export function lineTable(estimate: CostEstimate): string {
  const rows = COST_CATEGORIES.flatMap((category) =>
    estimate.lines
      .filter((line) => line.category === category)
      .map(
        (line) =>
          `| ${category} | \`${line.address}\` | ${line.item} | ${number(line.quantity)} ${line.unit} | ${price(line.unitPrice)} | ${money(line.monthly)} |`,
      ),
  );
  return [
    "| category | resource | item | quantity | unit price | monthly |",
    "|---|---|---|---:|---:|---:|",
    ...rows,
    `| **total** | | | | | **${money(estimate.total)}** |`,
  ].join("\n");
}

/** The seed's line items next to this estimate's, category by category, with what the seed leaves out. */
export function seedComparison(estimate: CostEstimate, seed: SeedEstimate): string {
  const source = `Seed: ${seed.source}${seed.derivation ? `; derived: ${seed.derivation}` : ""}.`;
  if (seed.items.length === 0) {
    return [
      `${source} The document gives a total only (${money(seed.total)}); this estimate is ${money(estimate.total)} (${signed(estimate.total - seed.total)}), made of:`,
      "",
      "| category | this estimate |",
      "|---|---:|",
      ...byCategory(estimate).map((entry) => `| ${entry.category} | ${money(entry.monthly)} |`),
    ].join("\n");
  }
  const covered = new Set(seed.items.flatMap((item) => item.categories));
  const rows = seed.items.map((item) => {
    const lines = estimate.lines.filter((line) => item.categories.includes(line.category));
    const ours = sum(lines);
    return `| ${item.label} | ${money(item.amount)} (${item.seedMethod}) | ${money(ours)} | ${signed(ours - item.amount)} | ${describe(lines)} |`;
  });
  const extra = estimate.lines.filter((line) => !covered.has(line.category));
  const extraCategories = COST_CATEGORIES.filter((category) => extra.some((line) => line.category === category));
  const extraRows = extraCategories.map((category) => {
    const lines = extra.filter((line) => line.category === category);
    return `| *not in the seed:* ${category} | - | ${money(sum(lines))} | ${signed(sum(lines))} | ${describe(lines)} |`;
  });
  const seedSum = seed.items.reduce((total, item) => total + item.amount, 0);
  return [
    source,
    "",
    "| seed line | seed | this estimate | difference | this estimate's lines |",
    "|---|---:|---:|---:|---|",
    ...rows,
    ...extraRows,
    `| **total** | **${money(seed.total)}** (items sum to ${money(seedSum)}) | **${money(estimate.total)}** | **${signed(estimate.total - seed.total)}** | |`,
  ].join("\n");
}

/** Lines summed by item, e.g. `2 × NAT gateway hours ($65.70)`. */
function describe(lines: readonly CostLine[]): string {
  const byItem = new Map<string, { count: number; monthly: number }>();
  for (const line of lines) {
    const entry = byItem.get(line.item) ?? { count: 0, monthly: 0 };
    byItem.set(line.item, { count: entry.count + 1, monthly: entry.monthly + line.monthly });
  }
  return (
    [...byItem.entries()]
      .sort((a, b) => b[1].monthly - a[1].monthly)
      .map(([item, entry]) => `${entry.count > 1 ? `${entry.count} × ` : ""}${item} (${money(entry.monthly)})`)
      .join("; ") || "none"
  );
}

/** Every usage assumption with its value; values that differ from the defaults are marked. */
function assumptionsTable(estimates: readonly CostEstimate[]): string {
  const rows = (Object.keys(USAGE_DEFAULTS) as UsageKey[]).map((key) => {
    const assumption = USAGE_DEFAULTS[key];
    const overridden = estimates
      .filter((estimate) => estimate.usage[key] !== assumption.value)
      .map((estimate) => `${estimate.stack}: ${estimate.usage[key]}`);
    return `| \`${key}\` | ${assumption.value}${overridden.length ? ` (${overridden.join(", ")})` : ""} | ${assumption.unit} | ${assumption.why} |`;
  });
  return ["| assumption | value | unit | why |", "|---|---:|---|---|", ...rows].join("\n");
}

/** The README block: summary against the seeds and the per-category breakdown. */
export function costOverview(estimates: readonly CostEstimate[], prices: PriceTable): string {
  return [
    `Estimated monthly cost in ${prices.region} at on-demand list prices (price table ${prices.version}, ${prices.currency}), from \`npm run cost\`:`,
    "",
    costSummaryTable(estimates),
    "",
    categoryTable(estimates),
  ].join("\n");
}

/** The whole report `npm run cost` prints and `npm run docs` writes to docs/cost.md. */
export function costReport(estimates: readonly CostEstimate[], prices: PriceTable): string {
  const sections = estimates.map((estimate) => {
    const seed = seedEstimateFor(estimate.stack);
    const unpriced = estimate.unpriced.length
      ? [
          "**Not priced** (billable or unknown; not counted in the total):",
          "",
          ...estimate.unpriced.map((item) => `- \`${item.address}\`: ${item.reason}`),
        ]
      : ["Every resource is priced or known to have no charge of its own."];
    const freeTypes = [...new Set(estimate.free.map((item) => item.type))].sort();
    return [
      `## \`${estimate.stack}\`: ${money(estimate.total)} per month`,
      "",
      lineTable(estimate),
      "",
      ...unpriced,
      "",
      `No charge of their own: ${freeTypes.map((type) => `\`${type}\``).join(", ") || "none"}.`,
      ...(seed ? ["", "### Against the seed's estimate", "", seedComparison(estimate, seed)] : []),
    ].join("\n");
  });
  return [
    "# Estimated monthly cost",
    "",
    costOverview(estimates, prices),
    "",
    `Prices: \`tools/cost/prices-${prices.region}.json\` version ${prices.version}, compiled ${prices.compiled}. ${prices.basis}`,
    "",
    "Usage the configuration cannot tell is assumed as below; override any of it with `npm run cost -- --usage <file.json>` " +
      '(`{"defaults": {...}, "stacks": {"<stack>": {...}}, "resources": {"<address>": {...}}}`).',
    "",
    assumptionsTable(estimates),
    "",
    ...sections.flatMap((section) => [section, ""]),
  ].join("\n");
}
