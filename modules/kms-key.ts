import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey as AwsKmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { PolicyStatement, policyDocument } from "../lib/iam";
import { AccountContext } from "../lib/platform-stack";

export interface KmsKeyProps {
  /** Alias without the `alias/` prefix, e.g. `coherent-prod-data`. */
  readonly alias: string;
  readonly description: string;
  /**
   * Extra key policy statements (e.g. letting CloudWatch Logs or CloudTrail use the key). The account
   * root always keeps full access so IAM policies can grant use of the key.
   * @default - none
   */
  readonly policyStatements?: readonly PolicyStatement[];
  /** Days a scheduled deletion waits; the maximum gives the most time to notice a mistake. @default 30 */
  readonly deletionWindowDays?: number;
  /** Refuse `terraform destroy` (data encrypted with the key would become unreadable). @default false */
  readonly preventDestroy?: boolean;
  /** Account whose root principal administers the key. */
  readonly account: AccountContext;
}

/** A customer-managed symmetric KMS key with yearly automatic rotation and an alias. */
export class KmsKey extends Construct {
  readonly key: AwsKmsKey;
  readonly arn: string;
  readonly keyId: string;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    const window = props.deletionWindowDays ?? 30;
    if (window < 7 || window > 30) {
      throw new Error(`KmsKey "${id}": deletionWindowDays must be 7-30, got ${window}`);
    }
    this.key = new AwsKmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: window,
      policy: policyDocument(
        {
          Sid: "AccountAdministration",
          Effect: "Allow",
          Principal: { AWS: `arn:${props.account.partition}:iam::${props.account.accountId}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        ...(props.policyStatements ?? []),
      ),
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
    this.keyId = this.key.keyId;
  }
}
