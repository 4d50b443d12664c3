import { Token } from "cdktf";
import {
  AURORA_POSTGRES_VERSION,
  AwsFormat,
  BEANSTALK_START_TIME,
  EC2_INSTANCE_TYPE,
  ELASTICACHE_REPLICATION_GROUP_ID,
  hasFormat,
  IPV4_CIDR,
  LOAD_BALANCER_NAME,
  RDS_BACKUP_WINDOW,
  RDS_IDENTIFIER,
  RDS_INSTANCE_CLASS,
  RDS_MAINTENANCE_WINDOW,
  S3_BUCKET_NAME,
} from "../../lib/aws-formats";
import { ConstructValidationError, propChecks } from "../../lib/construct-validation";
import { s3BucketName } from "../../lib/config/schema";
import { SecureBucket } from "../../modules/secure-bucket";
import { moduleTestStack } from "../support/synth";

describe("AWS formats", () => {
  test.each<[string, AwsFormat, string[], string[]]>([
    ["S3 bucket name", S3_BUCKET_NAME, ["my-bucket", "a.b-c", "abc"], ["ab", "My-Bucket", "-bucket", "bucket-", "a..b", "a".repeat(64)]],
    ["RDS backup window", RDS_BACKUP_WINDOW, ["03:00-04:00", "23:30-00:30"], ["3:00-4:00", "24:00-01:00", "03:00"]],
    ["RDS maintenance window", RDS_MAINTENANCE_WINDOW, ["sun:04:30-sun:05:30"], ["Sun:04:30-Sun:05:30", "sunday", "sun:04:30"]],
    ["Beanstalk start time", BEANSTALK_START_TIME, ["Sun:06:00"], ["sun:06:00", "Sun:6:00", "Sunday"]],
    ["EC2 instance type", EC2_INSTANCE_TYPE, ["t3.medium", "m7i-flex.large"], ["medium", "T3.medium"]],
    ["RDS instance class", RDS_INSTANCE_CLASS, ["db.t3.micro"], ["t3.micro", "db.t3"]],
    ["RDS identifier", RDS_IDENTIFIER, ["coherent-prod-postgres", "a"], ["1db", "db-", "db--x", "Db", "a".repeat(64)]],
    ["ElastiCache replication group id", ELASTICACHE_REPLICATION_GROUP_ID, ["tp-redis"], ["tp_redis", "tp-", "a".repeat(41)]],
    ["load balancer name", LOAD_BALANCER_NAME, ["tp-prod-alb"], ["internal-alb", "-alb", "a".repeat(33)]],
    ["IPv4 CIDR", IPV4_CIDR, ["10.0.0.0/16", "203.0.113.7/32"], ["10.0.0.1/16", "10.0.0.0/33", "10.0.0/16"]],
    ["Aurora PostgreSQL version", AURORA_POSTGRES_VERSION, ["15", "16.4"], ["12", "15.x", "latest"]],
  ])("GIVEN the %s format THEN it accepts what AWS accepts and refuses the rest", (_, format, good, bad) => {
    expect(good.filter((value) => !hasFormat(format, value))).toEqual([]);
    expect(bad.filter((value) => hasFormat(format, value))).toEqual([]);
  });
});

describe("one rule for config and constructs", () => {
  test("GIVEN a bucket name S3 refuses THEN the config schema and SecureBucket refuse it with the same words", () => {
    const config = s3BucketName.safeParse("Org_Bucket");
    expect(config.success).toBe(false);
    expect(config.error?.issues[0].message).toBe(S3_BUCKET_NAME.allowed);
    expect(() => new SecureBucket(moduleTestStack(), "bucket", { bucketName: "Org_Bucket" })).toThrow(
      `SecureBucket "test/bucket": bucketName = "Org_Bucket": ${S3_BUCKET_NAME.allowed}`,
    );
  });
});

describe("ConstructValidationError", () => {
  test("GIVEN a refused prop THEN the error carries the construct path, the prop, the value and what is allowed", () => {
    const stack = moduleTestStack();
    let error: unknown;
    try {
      propChecks(stack, 'rule "ssh"').format("cidr", "0.0.0.0/33", IPV4_CIDR);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConstructValidationError);
    expect(error).toMatchObject({
      construct: 'PlatformStack "test" rule "ssh"',
      prop: "cidr",
      value: "0.0.0.0/33",
      allowed: IPV4_CIDR.allowed,
      message: `PlatformStack "test" rule "ssh": cidr = "0.0.0.0/33": ${IPV4_CIDR.allowed}`,
    });
  });

  test("GIVEN unresolved tokens THEN format and range checks leave them to Terraform, while literals are still judged", () => {
    const check = propChecks(moduleTestStack());
    expect(() => check.format("bucketName", Token.asString({ Ref: "bucket" }), S3_BUCKET_NAME)).not.toThrow();
    expect(() => check.expect(false, "count", Token.asNumber({ Ref: "count" }), "must be 1-6")).not.toThrow();
    expect(() => check.expect(false, "count", 7, "must be 1-6")).toThrow("count = 7: must be 1-6");
  });

  test("GIVEN a bucket whose name is an unresolved token THEN SecureBucket accepts it", () => {
    const stack = moduleTestStack();
    expect(() => new SecureBucket(stack, "bucket", { bucketName: `${Token.asString({ Ref: "prefix" })}-data` })).not.toThrow();
  });
});
