import { isSet, isTrue, text } from "../config-values";
import { defineRule, ResourceConfig, StackView } from "../types";

/** Problems with an Aurora cluster's placement: it needs instances in two or more availability zones. */
function auroraZoneProblems(cluster: ResourceConfig, stack: StackView): string | undefined {
  const identifier = cluster.config.cluster_identifier;
  const referencing = new Set(stack.referencing("aws_rds_cluster_instance", cluster, "cluster_identifier"));
  const instances = stack
    .resources("aws_rds_cluster_instance")
    .filter((instance) => referencing.has(instance) || (isSet(identifier) && instance.config.cluster_identifier === identifier));
  if (instances.length < 2) {
    return `has ${instances.length} instance(s): a failover needs a second instance in another availability zone`;
  }
  const unplaced = instances.filter((instance) => !isSet(instance.config.availability_zone)).map((instance) => instance.address);
  if (unplaced.length > 0) {
    return `availability_zone is not set on ${unplaced.join(", ")}: RDS may place the instances in one zone`;
  }
  const zones = new Set(instances.map((instance) => text(instance.config.availability_zone)));
  return zones.size < 2 ? `all ${instances.length} instances are in availability zone ${[...zones].join("")}` : undefined;
}

export const rdsMultiAz = defineRule({
  id: "rds-multi-az",
  level: "warning",
  summary: "In production, RDS instances are Multi-AZ and Aurora clusters have instances in at least two availability zones.",
  explanation:
    "A single-AZ database is down for as long as its zone, its host or a maintenance reboot takes; a standby (or an Aurora reader) in another zone takes over in a minute or two with no data loss.",
  fix: "aws_db_instance: multi_az = true (modules/postgres-database.ts multiAz, true by default in production config). Aurora: a writer and a reader with availability_zone set to different zones (modules/aurora-serverless.ts does this).",
  scanners: { checkov: ["CKV_AWS_157"], cdkNag: ["AwsSolutions-RDS3", "NIST.800.53.R5-RDSMultiAZSupport"] },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  tiers: ["production"],
  check: (resource, stack) => {
    if (resource.type === "aws_db_instance") return isTrue(resource.config.multi_az) ? undefined : "multi_az is not true";
    // Multi-AZ DB clusters (MySQL, PostgreSQL) always run three instances in three zones.
    if (!text(resource.config.engine).startsWith("aurora")) return undefined;
    return auroraZoneProblems(resource, stack);
  },
});
