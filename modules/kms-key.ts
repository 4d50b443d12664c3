import { Construct } from "constructs";
import { Lazy, TerraformProvider } from "cdktf";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey as AwsKmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { propChecks } from "../lib/construct-validation";
import { PolicyStatement, policyDocument, sourceConditions } from "../lib/iam";
import { AccountContext, DEFAULT_CHILD_ID, inProductionStack } from "../lib/platform-stack";
import { Grantable } from "./role-policy";

/** Services a key grant can be limited to (`kms:ViaService`), with the word used in statement ids. */
const VIA_SERVICES = { s3: "S3", secretsmanager: "SecretsManager" } as const;

export interface KeyGrantOptions {
  /** Allow the use only in requests this service makes on the principal's behalf. @default - any caller */
  readonly viaService?: keyof typeof VIA_SERVICES;
}

export interface KmsKeyProps {
  /** Alias without the `alias/` prefix, e.g. `coherent-prod-data`. */
  readonly alias: string;
  readonly description: string;
  /** Account whose root principal administers the key (so IAM policies can grant its use). */
  readonly account: AccountContext;
  /** Days a scheduled deletion waits; the maximum gives the most time to notice a mistake. @default 30 */
  readonly deletionWindowDays?: number;
  /** Refuse `terraform destroy` (data encrypted with the key would become unreadable). @default - true in a production stack, false otherwise */
  readonly preventDestroy?: boolean;
  /** Provider of another region (replicas); `account.region` should name that region. @default - the stack's provider */
  readonly provider?: TerraformProvider;
}

/**
 * A customer-managed symmetric KMS key with yearly automatic rotation and an alias. Services that
 * encrypt with it (CloudWatch Logs, CloudTrail, SNS publishers) are granted use with `allow*` methods.
 */
export class KmsKey extends Construct {
  readonly key: AwsKmsKey;
  readonly arn: string;
  readonly keyId: string;
  /** The region the key lives in and serves (`account.region`): a KMS key encrypts for its own region only. */
  readonly region: string;
  private readonly account: AccountContext;
  private readonly statements: PolicyStatement[];

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    const window = props.deletionWindowDays ?? 30;
    propChecks(this).expect(
      Number.isInteger(window) && window >= 7 && window <= 30,
      "deletionWindowDays",
      window,
      "must be a whole number from 7 to 30",
    );
    this.account = props.account;
    this.region = props.account.region;
    const { partition, accountId } = props.account;
    this.statements = [
      {
        Sid: "AccountAdministration",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ];
    this.key = new AwsKmsKey(this, DEFAULT_CHILD_ID, {
      provider: props.provider,
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: window,
      policy: Lazy.stringValue({ produce: () => policyDocument(...this.statements) }),
      lifecycle: (props.preventDestroy ?? inProductionStack(this)) ? { preventDestroy: true } : undefined,
    });
    new KmsAlias(this, "alias", { provider: props.provider, name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
    this.keyId = this.key.keyId;
  }

  /** Lets `grantee` decrypt with the key (reading what a service encrypted with it). */
  grantDecrypt(grantee: Grantable, options: KeyGrantOptions = {}): void {
    this.grant(grantee, "Decrypt", ["kms:Decrypt"], options);
  }

  /**
   * Lets `grantee` decrypt and generate data keys: what reading and writing SSE-KMS objects takes
   * (no `kms:Encrypt`, `ReEncrypt*` or key administration).
   */
  grantEncryptDecrypt(grantee: Grantable, options: KeyGrantOptions = {}): void {
    this.grant(grantee, "EncryptDecrypt", ["kms:Decrypt", "kms:GenerateDataKey"], options);
  }

  private grant(grantee: Grantable, verb: string, actions: string[], { viaService }: KeyGrantOptions): void {
    grantee.addToPrincipalPolicy({
      Sid: `Key${verb}${viaService ? `Through${VIA_SERVICES[viaService]}` : ""}`,
      Effect: "Allow",
      Action: actions.length === 1 ? actions[0] : actions,
      Resource: this.arn,
      ...(viaService && { Condition: { StringEquals: { "kms:ViaService": `${viaService}.${this.account.region}.amazonaws.com` } } }),
    });
  }

  addToPolicy(statement: PolicyStatement): void {
    this.statements.push(statement);
  }

  /** Lets CloudWatch Logs encrypt log groups of this account and region with the key (idempotent). */
  allowCloudWatchLogs(): void {
    if (this.statements.some((statement) => statement.Sid === "CloudWatchLogs")) return;
    const { partition, accountId, region } = this.account;
    this.addToPolicy({
      Sid: "CloudWatchLogs",
      Effect: "Allow",
      Principal: { Service: `logs.${region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: {
        ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:*` },
      },
    });
  }

  /**
   * Lets an AWS service principal publish to one SNS topic encrypted with this key: data keys and decryption
   * only under that topic's encryption context, which SNS sets on every call for the topic
   * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html). Nothing else can use the grant. AWS
   * documents no `aws:SourceAccount` on these calls, so it binds only when sent (`IfExists`).
   */
  allowSnsPublisher(sid: string, service: string, topicArn: string): void {
    const source = sourceConditions({ account: this.account.accountId, documented: false });
    this.allowDataKeys(sid, service, { StringEquals: { "kms:EncryptionContext:aws:sns:topicArn": topicArn }, ...source });
  }

  /**
   * Lets an AWS service principal (e.g. `cloudwatch.amazonaws.com` publishing alarms to an encrypted
   * SNS topic) generate data keys and decrypt, only on behalf of this account.
   */
  allowServiceUse(sid: string, service: string): void {
    this.allowDataKeys(sid, service, sourceConditions({ account: this.account.accountId, documented: true }));
  }

  /** Data keys and decryption for `service` under `condition`, once per statement id. */
  private allowDataKeys(sid: string, service: string, condition: NonNullable<PolicyStatement["Condition"]>): void {
    if (this.statements.some((statement) => statement.Sid === sid)) return;
    this.addToPolicy({
      Sid: sid,
      Effect: "Allow",
      Principal: { Service: service },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: condition,
    });
  }
}
