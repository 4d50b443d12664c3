import { albAccessLogs } from "./alb-access-logs";
import { albDeletionProtection } from "./alb-deletion-protection";
import { albDropInvalidHeaders } from "./alb-drop-invalid-headers";
import { albWaf } from "./alb-waf";
import { beanstalkEnhancedHealth } from "./beanstalk-enhanced-health";
import { beanstalkImdsv1Disabled } from "./beanstalk-imdsv1-disabled";
import { beanstalkLogs } from "./beanstalk-logs";
import { beanstalkManagedUpdates } from "./beanstalk-managed-updates";
import { beanstalkPrivateVpc } from "./beanstalk-private-vpc";
import { cloudfrontAccessLogs } from "./cloudfront-access-logs";
import { cloudfrontHttpsOnly } from "./cloudfront-https-only";
import { cloudfrontOriginTls } from "./cloudfront-origin-tls";
import { cloudfrontS3OriginAccessControl } from "./cloudfront-s3-oac";
import { cloudfrontViewerTls } from "./cloudfront-viewer-tls";
import { cloudfrontWaf } from "./cloudfront-waf";
import { cloudtrailCloudwatch } from "./cloudtrail-cloudwatch";
import { cloudtrailIntegrity } from "./cloudtrail-integrity";
import { cloudtrailKms } from "./cloudtrail-kms";
import { dataDeletionProtection } from "./data-deletion-protection";
import { dynamodbKms } from "./dynamodb-kms";
import { dynamodbPitr } from "./dynamodb-pitr";
import { ebsEncrypted } from "./ebs-encrypted";
import { ebsVolumeKms } from "./ebs-volume-kms";
import { ec2DetailedMonitoring } from "./ec2-detailed-monitoring";
import { ec2InstanceProfile } from "./ec2-instance-profile";
import { ec2Imdsv2 } from "./ec2-imdsv2";
import { ec2NoPublicIp } from "./ec2-no-public-ip";
import { elasticacheBackups } from "./elasticache-backups";
import { elasticacheEncryption } from "./elasticache-encryption";
import { iamDataPlaneNamedResources } from "./iam-data-plane-named-resources";
import { iamNoWildcardActions } from "./iam-no-wildcard-actions";
import { internetGatewayDependency } from "./internet-gateway-dependency";
import { kmsKeyRotation } from "./kms-key-rotation";
import { lbListenerHttps } from "./lb-listener-https";
import { lbListenerTlsPolicy } from "./lb-listener-tls-policy";
import { logGroupKms } from "./log-group-kms";
import { logGroupRetention } from "./log-group-retention";
import { noPlaintextSecrets } from "./no-plaintext-secrets";
import { providerAccountGuard } from "./provider-account-guard";
import { rdsBackupRetention } from "./rds-backup-retention";
import { rdsEncrypted } from "./rds-encrypted";
import { rdsEnhancedMonitoring } from "./rds-enhanced-monitoring";
import { rdsIamAuth } from "./rds-iam-auth";
import { rdsLogExports } from "./rds-log-exports";
import { rdsMultiAz } from "./rds-multi-az";
import { rdsNoPublicAccess } from "./rds-no-public-access";
import { rdsPerformanceInsights } from "./rds-performance-insights";
import { resourcePolicyNoPublicPrincipal } from "./resource-policy-no-public-principal";
import { s3AccessLogging } from "./s3-access-logging";
import { s3Encryption } from "./s3-encryption";
import { s3KmsEncryption } from "./s3-kms-encryption";
import { s3PublicAccessBlock } from "./s3-public-access-block";
import { s3TlsOnly } from "./s3-tls-only";
import { s3Versioning } from "./s3-versioning";
import { secretsmanagerKms } from "./secretsmanager-kms";
import { securityGroupAdminPorts } from "./sg-admin-ports-world-open";
import { securityGroupDescribed } from "./sg-described";
import { securityGroupWorldEgress } from "./sg-world-egress-all";
import { securityGroupWorldIngress } from "./sg-world-ingress";
import { servicePrincipalSourceCondition } from "./service-principal-source-condition";
import { snsKms } from "./sns-kms";
import { subnetNoPublicIp } from "./subnet-no-public-ip";
import { vpcDefaultSecurityGroupClosed } from "./vpc-default-sg-closed";
import { vpcFlowLogs } from "./vpc-flow-logs";
import { wafLogging } from "./waf-logging";

/** The guardrails pack: every rule, grouped as in docs/guardrails.md. */
export const RULES = [
  // Network
  vpcFlowLogs,
  vpcDefaultSecurityGroupClosed,
  subnetNoPublicIp,
  securityGroupDescribed,
  securityGroupAdminPorts,
  securityGroupWorldIngress,
  securityGroupWorldEgress,
  internetGatewayDependency,
  // Compute
  ec2Imdsv2,
  ebsEncrypted,
  ebsVolumeKms,
  ec2DetailedMonitoring,
  ec2NoPublicIp,
  ec2InstanceProfile,
  // Databases and caches
  rdsNoPublicAccess,
  rdsEncrypted,
  rdsIamAuth,
  rdsBackupRetention,
  rdsPerformanceInsights,
  rdsLogExports,
  rdsEnhancedMonitoring,
  rdsMultiAz,
  dynamodbPitr,
  dynamodbKms,
  elasticacheEncryption,
  elasticacheBackups,
  // Storage and keys
  s3PublicAccessBlock,
  s3Encryption,
  s3KmsEncryption,
  s3TlsOnly,
  s3AccessLogging,
  s3Versioning,
  kmsKeyRotation,
  dataDeletionProtection,
  // Logging and audit
  logGroupKms,
  logGroupRetention,
  cloudtrailIntegrity,
  cloudtrailKms,
  cloudtrailCloudwatch,
  // Edge
  albDropInvalidHeaders,
  albAccessLogs,
  albDeletionProtection,
  albWaf,
  lbListenerHttps,
  lbListenerTlsPolicy,
  cloudfrontViewerTls,
  cloudfrontHttpsOnly,
  cloudfrontOriginTls,
  cloudfrontAccessLogs,
  cloudfrontWaf,
  cloudfrontS3OriginAccessControl,
  wafLogging,
  // Elastic Beanstalk
  beanstalkImdsv1Disabled,
  beanstalkManagedUpdates,
  beanstalkEnhancedHealth,
  beanstalkLogs,
  beanstalkPrivateVpc,
  // IAM, secrets and messaging
  iamNoWildcardActions,
  iamDataPlaneNamedResources,
  resourcePolicyNoPublicPrincipal,
  servicePrincipalSourceCondition,
  providerAccountGuard,
  secretsmanagerKms,
  noPlaintextSecrets,
  snsKms,
] as const;

/** Id of a rule in the pack; `suppress()` accepts only these. */
export type RuleId = (typeof RULES)[number]["id"];
