/** Small typed helpers for IAM policy JSON, so policies read like the AWS documentation. */

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Record<string, string | string[]> | "*";
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export function policyDocument(...statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * On whose behalf a service may assume a role (AWS's cross-service confused-deputy guidance,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html#cross-service-confused-deputy-prevention).
 */
export interface TrustSource {
  /** The account whose resources the service acts for: `aws:SourceAccount`. */
  readonly account: string;
  /** The resources it acts for, an ARN pattern: `aws:SourceArn` (ArnLike). @default - any resource of the account */
  readonly arn?: string;
  /**
   * Whether AWS documents that the service sends these keys when it assumes the role. Where it does not,
   * the conditions are `...IfExists`: they bind whenever the service sends a key, and cannot lock the
   * service out of its role if it sends none.
   */
  readonly documented: boolean;
}

/**
 * Services that assume roles with no source context: EC2 assumes an instance role for the instance it is
 * attached to, so there is no calling resource to name (the instance profile is the control). Every other
 * service principal's trust policy carries a TrustSource.
 */
export const SERVICES_WITHOUT_SOURCE_CONTEXT: readonly string[] = ["ec2.amazonaws.com"];

/** The `aws:SourceAccount` / `aws:SourceArn` conditions of `source`. */
export function sourceConditions(source: TrustSource): NonNullable<PolicyStatement["Condition"]> {
  const ifExists = source.documented ? "" : "IfExists";
  return {
    [`StringEquals${ifExists}`]: { "aws:SourceAccount": source.account },
    ...(source.arn && { [`ArnLike${ifExists}`]: { "aws:SourceArn": source.arn } }),
  };
}

/**
 * Trust policy letting an AWS service (e.g. `vpc-flow-logs.amazonaws.com`) assume a role for `source`'s
 * resources only. `source` may be left out only for SERVICES_WITHOUT_SOURCE_CONTEXT.
 */
export function serviceTrustPolicy(service: string, source?: TrustSource): string {
  if (!source && !SERVICES_WITHOUT_SOURCE_CONTEXT.includes(service)) {
    throw new Error(
      `serviceTrustPolicy("${service}"): give the source account (and ARN) the service acts for: only ${SERVICES_WITHOUT_SOURCE_CONTEXT.join(", ")} assumes roles without one`,
    );
  }
  return policyDocument({
    Effect: "Allow",
    Principal: { Service: service },
    Action: "sts:AssumeRole",
    ...(source && { Condition: sourceConditions(source) }),
  });
}

/** `name` as a policy statement id, which allows letters and digits only. */
export function sidOf(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, "");
}

/** Bucket policy statement refusing every request that does not use TLS. */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}
