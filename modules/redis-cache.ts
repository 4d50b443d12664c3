import { Construct } from "constructs";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import { propChecks } from "../lib/construct-validation";
import { ELASTICACHE_REPLICATION_GROUP_ID, REDIS_IAM_VERSION } from "../lib/aws-formats";
import { DEFAULT_CHILD_ID } from "../lib/platform-stack";
import { KmsKey } from "./kms-key";
import { Network } from "./network";
import { Grantable } from "./role-policy";
import { SecurityGroup } from "./security-group";
import { REDIS_PORT } from "./service-ports";

export interface RedisCacheProps {
  /** Replication group id (at most 40 characters), also the prefix of the user and group ids. */
  readonly replicationGroupId: string;
  /** Nodes go to the private subnets, one per availability zone in turn. */
  readonly network: Network;
  /** The cache's own group (6379 from the application only, no egress); the stack wires the rules. */
  readonly securityGroup: SecurityGroup;
  /** Encrypts data at rest and snapshots. */
  readonly kmsKey: KmsKey;
  /** @default "cache.t4g.micro" */
  readonly nodeType?: string;
  /** Primary plus replicas; two or more enable Multi-AZ automatic failover. @default 2 */
  readonly nodes?: number;
  /** Redis 7 or newer, which IAM authentication requires. @default "7.1" */
  readonly engineVersion?: string;
  /** Days of daily snapshots. @default 1 */
  readonly snapshotRetentionDays?: number;
}

/**
 * An ElastiCache Redis replication group in the private subnets, encrypted at rest (KMS) and in transit,
 * authenticated with RBAC and IAM: the application user signs short-lived tokens with its IAM role, so
 * no password or auth token exists anywhere. `grantConnect` lets the application's role sign them.
 */
export class RedisCache extends Construct {
  readonly replicationGroup: ElasticacheReplicationGroup;
  /** The user the application connects as (IAM authentication: the user name is the token's subject). */
  readonly appUser: ElasticacheUser;
  readonly primaryEndpoint: string;
  readonly readerEndpoint: string;
  readonly port = REDIS_PORT;

  constructor(scope: Construct, id: string, props: RedisCacheProps) {
    super(scope, id);
    validate(this, props);
    const nodes = props.nodes ?? 2;
    const groupId = props.replicationGroupId;

    // Every user group needs a user named "default"; this one is switched off.
    const disabledDefaultUser = new ElasticacheUser(this, "default-user", {
      userId: `${groupId}-default`,
      userName: "default",
      engine: "redis",
      accessString: "off -@all",
      authenticationMode: { type: "no-password-required" },
    });
    // IAM authentication requires the user id and the user name to be equal.
    this.appUser = new ElasticacheUser(this, "app-user", {
      userId: `${groupId}-app`,
      userName: `${groupId}-app`,
      engine: "redis",
      accessString: "on ~* &* +@all -@dangerous",
      authenticationMode: { type: "iam" },
    });
    const userGroup = new ElasticacheUserGroup(this, "user-group", {
      userGroupId: groupId,
      engine: "redis",
      userIds: [disabledDefaultUser.userId, this.appUser.userId],
    });
    const subnetGroup = new ElasticacheSubnetGroup(this, "subnet-group", {
      name: groupId,
      description: `Private subnets of ${groupId}`,
      subnetIds: props.network.privateSubnetIds,
    });

    const zones = props.network.availabilityZones;
    this.replicationGroup = new ElasticacheReplicationGroup(this, DEFAULT_CHILD_ID, {
      replicationGroupId: groupId,
      description: `Channel layer and cache for ${groupId}`,
      engine: "redis",
      engineVersion: props.engineVersion ?? "7.1",
      nodeType: props.nodeType ?? "cache.t4g.micro",
      numCacheClusters: nodes,
      preferredCacheClusterAzs: Array.from({ length: nodes }, (_, index) => zones[index % zones.length]),
      automaticFailoverEnabled: nodes >= 2,
      multiAzEnabled: nodes >= 2,
      port: REDIS_PORT,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [props.securityGroup.id],
      atRestEncryptionEnabled: "true",
      kmsKeyId: props.kmsKey.arn,
      transitEncryptionEnabled: true,
      userGroupIds: [userGroup.userGroupId],
      snapshotRetentionLimit: props.snapshotRetentionDays ?? 1,
      autoMinorVersionUpgrade: "true",
    });
    this.primaryEndpoint = this.replicationGroup.primaryEndpointAddress;
    this.readerEndpoint = this.replicationGroup.readerEndpointAddress;
  }

  /** Where and as whom an application connects, as environment variables (`REDIS_*`). */
  connectionVariables(): Record<string, string> {
    return {
      REDIS_PRIMARY_ENDPOINT: this.primaryEndpoint,
      REDIS_READER_ENDPOINT: this.readerEndpoint,
      REDIS_PORT: String(REDIS_PORT),
      REDIS_USERNAME: this.appUser.userName,
    };
  }

  /** Lets `grantee` connect to this replication group as the application user (IAM authentication). */
  grantConnect(grantee: Grantable): void {
    grantee.addToPrincipalPolicy({
      Sid: "RedisIamAuthentication",
      Effect: "Allow",
      Action: "elasticache:Connect",
      Resource: [this.replicationGroup.arn, this.appUser.arn],
    });
  }
}

function validate(cache: RedisCache, props: RedisCacheProps): void {
  const check = propChecks(cache);
  check.format("replicationGroupId", props.replicationGroupId, ELASTICACHE_REPLICATION_GROUP_ID);
  const nodes = props.nodes ?? 2;
  check.expect(Number.isInteger(nodes) && nodes >= 1 && nodes <= 6, "nodes", nodes, "must be 1-6");
  check.format("engineVersion", props.engineVersion ?? "7.1", REDIS_IAM_VERSION);
  const snapshots = props.snapshotRetentionDays ?? 1;
  check.expect(Number.isInteger(snapshots) && snapshots >= 0 && snapshots <= 35, "snapshotRetentionDays", snapshots, "must be 0-35");
}
