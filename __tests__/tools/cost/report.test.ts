import { CostEstimate, estimateStack } from "../../../tools/cost/estimate";
import { loadPriceTable } from "../../../tools/cost/prices";
import { categoryTable, costOverview, costReport, costSummaryTable, lineTable, seedComparison } from "../../../tools/cost/report";
import { SEED_ESTIMATES, seedEstimateFor } from "../../../tools/cost/seeds";
import { StackJson, StackModel } from "../../../tools/docs/terraform-json";

const prices = loadPriceTable();

function estimateOf(stack: string, resource: NonNullable<StackJson["resource"]>): CostEstimate {
  return estimateStack(stack, new StackModel({ provider: { aws: [{ region: "us-east-1" }] }, resource }), prices);
}

/** The Treasury seed's architecture in miniature: two NAT gateways, one Aurora writer, an unknown kind. */
const treasuryLike = estimateOf("treasury-plane-prod", {
  aws_nat_gateway: { a: {}, b: {} },
  aws_rds_cluster: { aurora: { engine: "aurora-postgresql", serverlessv2_scaling_configuration: { min_capacity: 0.5 } } },
  aws_rds_cluster_instance: { writer: { cluster_identifier: "${aws_rds_cluster.aurora.id}", instance_class: "db.serverless" } },
  aws_kms_key: { key: {} },
  aws_transfer_server: { sftp: {} },
});

describe("seed estimates", () => {
  test("GIVEN the seeds THEN their own figures are pinned: Coherent $43 dev and $133 prod, Treasury Plane ~$183", () => {
    expect(SEED_ESTIMATES.map((seed) => [seed.stack, seed.total])).toEqual([
      ["coherent-dev", 43],
      ["coherent-prod", 133],
      ["treasury-plane-prod", 183],
      ["treasury-plane-dev", 138],
    ]);
  });

  test("GIVEN Treasury Plane THEN the items are the document's cost breakdown, summing to its ~$183", () => {
    const items = seedEstimateFor("treasury-plane-prod")!.items;
    expect(items.reduce((sum, item) => sum + item.amount, 0)).toBeCloseTo(181.5, 10);
    expect(items.map((item) => item.amount)).toEqual([65, 43, 30, 23, 0, 5, 3, 2.5, 10]);
  });

  test("GIVEN Treasury Plane dev THEN the derived figure applies exactly the document's two dev savings", () => {
    const prod = seedEstimateFor("treasury-plane-prod")!;
    const dev = seedEstimateFor("treasury-plane-dev")!;
    expect(dev.total).toBe(prod.total - 30 - 15);
    expect(dev.derivation).toMatch(/-\$30.*-\$15/);
  });

  test("GIVEN a stack the seeds do not estimate THEN it has no seed figure", () => {
    expect(seedEstimateFor("state-backend")).toBeUndefined();
  });
});

describe("cost report", () => {
  test("GIVEN a stack with a seed figure THEN the summary shows both and the signed difference", () => {
    expect(costSummaryTable([treasuryLike])).toContain(
      `| \`treasury-plane-prod\` | $${treasuryLike.total.toFixed(2)} | $183.00 | -$${(183 - treasuryLike.total).toFixed(2)} | 1 unpriced |`,
    );
  });

  test("GIVEN a seed with line items THEN each seed line sits next to this estimate's lines of the same categories", () => {
    const table = seedComparison(treasuryLike, seedEstimateFor("treasury-plane-prod")!);
    expect(table).toContain("| NAT Gateway (2 AZs) | $65.00 (2 × 730 h × $0.045, no data processing) | $66.60 | +$1.60 |");
    expect(table).toContain(
      "| Aurora Serverless v2 | $43.00 (one instance at 0.5 ACU × 730 h × $0.12, no storage or I/O) | $45.20 | +$2.20 |",
    );
    expect(table).toContain("| *not in the seed:* Encryption keys | - | $1.03 | +$1.03 |");
  });

  test("GIVEN a seed with a total only THEN the comparison lists this estimate by category", () => {
    const coherent = estimateOf("coherent-dev", { aws_nat_gateway: { a: {} } });
    const text = seedComparison(coherent, seedEstimateFor("coherent-dev")!);
    expect(text).toContain("gives a total only ($43.00)");
    expect(text).toContain("| NAT gateways | $33.30 |");
  });

  test("GIVEN the report THEN every line shows its arithmetic: quantity, unit, unit price and monthly amount", () => {
    expect(lineTable(treasuryLike)).toContain("| NAT gateways | `aws_nat_gateway.a` | NAT gateway hours | 730 hours | $0.045 | $32.85 |");
  });

  test("GIVEN the report THEN the category table has one column per stack and a total row", () => {
    const table = categoryTable([treasuryLike, estimateOf("other", { aws_kms_key: { k: {} } })]);
    expect(table.split("\n")[0]).toBe("| category | `treasury-plane-prod` | `other` |");
    expect(table).toContain("| Encryption keys | $1.03 | $1.03 |");
    expect(table).toContain("| NAT gateways | $66.60 | - |");
  });

  test("GIVEN an unpriced resource THEN the full report names it and its reason", () => {
    expect(costReport([treasuryLike], prices)).toContain("- `aws_transfer_server.sftp`: unknown resource kind");
  });

  test("GIVEN the README block THEN it is the overview: price table version, summary and categories", () => {
    const overview = costOverview([treasuryLike], prices);
    expect(overview).toContain(`price table ${prices.version}`);
    expect(overview).toContain(costSummaryTable([treasuryLike]));
    expect(overview).toContain(categoryTable([treasuryLike]));
  });
});
