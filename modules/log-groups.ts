import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { isLogRetentionDays, LOG_GROUP_NAME, LOG_RETENTION_ALLOWED } from "../lib/aws-formats";
import { propChecks } from "../lib/construct-validation";
import { KmsKey } from "./kms-key";

export interface LogGroupsProps<K extends string> {
  /** Log group name per key, e.g. `{ app: "/coherent/dev/app" }`. */
  readonly names: Readonly<Record<K, string>>;
  /** Days events are kept (one of CloudWatch's retention periods). */
  readonly retentionDays: number;
  /** Encrypts the groups; the key must allow CloudWatch Logs. @default - CloudWatch Logs' own encryption */
  readonly kmsKey?: KmsKey;
}

/**
 * CloudWatch log groups created ahead of the agents that write to them, so retention (and cost) is
 * set by Terraform rather than "never expire". Construct ids are the keys.
 */
export class LogGroups<K extends string> extends Construct {
  private readonly byKey: Record<K, CloudwatchLogGroup>;

  constructor(scope: Construct, id: string, props: LogGroupsProps<K>) {
    super(scope, id);
    const check = propChecks(this);
    check.expect(isLogRetentionDays(props.retentionDays), "retentionDays", props.retentionDays, LOG_RETENTION_ALLOWED);
    props.kmsKey?.allowCloudWatchLogs();
    const entries = Object.entries(props.names) as [K, string][];
    if (entries.length === 0) check.fail("names", props.names, "must list at least one log group");
    this.byKey = Object.fromEntries(
      entries.map(([key, name]) => {
        check.format(`names.${key}`, name, LOG_GROUP_NAME);
        return [key, new CloudwatchLogGroup(this, key, { name, retentionInDays: props.retentionDays, kmsKeyId: props.kmsKey?.arn })];
      }),
    ) as Record<K, CloudwatchLogGroup>;
  }

  group(key: K): CloudwatchLogGroup {
    return this.byKey[key];
  }

  /** Names by key, for agents' configuration. */
  get names(): Record<K, string> {
    return Object.fromEntries((Object.entries(this.byKey) as [K, CloudwatchLogGroup][]).map(([key, group]) => [key, group.name])) as Record<
      K,
      string
    >;
  }
}
