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

/** Trust policy letting an AWS service (e.g. `ec2.amazonaws.com`) assume a role. */
export function serviceTrustPolicy(service: string): string {
  return policyDocument({ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" });
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
