import { RedisCache, RedisCacheProps } from "../../modules/redis-cache";
import { SecurityGroup } from "../../modules/security-group";
import { PlatformStack } from "../../lib/platform-stack";
import { moduleTestStack, resource, resources, synthModule } from "../support/synth";
import { grantsOf, testKey, testNetwork } from "../support/fixtures";

type Overrides = Partial<Omit<RedisCacheProps, "network" | "securityGroup" | "kmsKey">>;

function build(stack: PlatformStack, overrides: Overrides = {}) {
  const network = testNetwork(stack);
  const securityGroup = new SecurityGroup(stack, "redis-sg", { network, name: "redis", description: "redis" });
  return new RedisCache(stack, "redis", {
    replicationGroupId: "tp-dev-redis",
    network,
    securityGroup,
    kmsKey: testKey(stack),
    ...overrides,
  });
}

describe("RedisCache", () => {
  test("GIVEN a cache THEN a replication group in the private subnets is encrypted at rest with the KMS key and in transit", () => {
    const { json } = synthModule((stack) => build(stack));
    expect(resource(json, "aws_elasticache_replication_group.redis")).toMatchObject({
      replication_group_id: "tp-dev-redis",
      engine: "redis",
      engine_version: "7.1",
      port: 6379,
      at_rest_encryption_enabled: "true",
      kms_key_id: "${aws_kms_key.key.arn}",
      transit_encryption_enabled: true,
      security_group_ids: ["${aws_security_group.redis-sg.id}"],
      subnet_group_name: "${aws_elasticache_subnet_group.redis_subnet-group.name}",
    });
    expect(resource(json, "aws_elasticache_subnet_group.redis_subnet-group").subnet_ids).toEqual([
      "${aws_subnet.network_private-1.id}",
      "${aws_subnet.network_private-2.id}",
    ]);
  });

  test("GIVEN two nodes THEN they sit in both AZs with Multi-AZ automatic failover; one node has none", () => {
    const two = resource(synthModule((stack) => build(stack)).json, "aws_elasticache_replication_group.redis");
    expect(two).toMatchObject({
      num_cache_clusters: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      preferred_cache_cluster_azs: ["us-east-1a", "us-east-1b"],
    });
    const one = resource(synthModule((stack) => build(stack, { nodes: 1 })).json, "aws_elasticache_replication_group.redis");
    expect(one).toMatchObject({ num_cache_clusters: 1, automatic_failover_enabled: false, multi_az_enabled: false });
  });

  test("GIVEN a cache THEN authentication is RBAC with an IAM user and a disabled default user: no password or auth token exists", () => {
    const { json } = synthModule((stack) => build(stack));
    const group = resource(json, "aws_elasticache_replication_group.redis");
    expect(group.auth_token).toBeUndefined();
    expect(group.user_group_ids).toEqual(["${aws_elasticache_user_group.redis_user-group.user_group_id}"]);
    const users = resources(json, "aws_elasticache_user");
    expect(users["redis_app-user"]).toMatchObject({
      user_id: "tp-dev-redis-app",
      user_name: "tp-dev-redis-app",
      authentication_mode: { type: "iam" },
    });
    expect(users["redis_default-user"]).toMatchObject({ user_name: "default", access_string: "off -@all" });
    for (const user of Object.values(users)) expect(user.passwords).toBeUndefined();
    expect(resource(json, "aws_elasticache_user_group.redis_user-group").user_ids).toEqual([
      "${aws_elasticache_user.redis_default-user.user_id}",
      "${aws_elasticache_user.redis_app-user.user_id}",
    ]);
  });

  test("GIVEN grantConnect THEN the grantee may elasticache:Connect to the group as the application user, and nothing else", () => {
    expect(grantsOf(build, (redis, grantee) => redis.grantConnect(grantee))).toEqual([
      {
        Sid: "RedisIamAuthentication",
        Effect: "Allow",
        Action: "elasticache:Connect",
        Resource: ["${aws_elasticache_replication_group.redis.arn}", "${aws_elasticache_user.redis_app-user.arn}"],
      },
    ]);
  });

  test.each([
    [
      { replicationGroupId: "Treasury_Redis" },
      /replicationGroupId = "Treasury_Redis": must be 1-40 lowercase letters, digits and single hyphens starting with a letter/,
    ],
    [
      { replicationGroupId: "a".repeat(41) },
      /replicationGroupId = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": must be 1-40 lowercase letters, digits and single hyphens starting with a letter/,
    ],
    [{ nodes: 0 }, /nodes = 0: must be 1-6/],
    [{ engineVersion: "6.2" }, /engineVersion = "6\.2": must be Redis 7\.x or newer for IAM authentication/],
    [{ snapshotRetentionDays: 36 }, /snapshotRetentionDays = 36: must be 0-35/],
  ])("GIVEN %j THEN it is refused naming the construct", (overrides, message) => {
    expect(() => build(moduleTestStack(), overrides)).toThrow(new RegExp(`RedisCache "test/redis": ${message.source}`));
  });
});
