import { policy, RuleCase } from "./case";

const role = {
  "aws_iam_role.app": {
    name: "app",
    assume_role_policy: policy({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }),
  },
};
const rolePolicy = (...statements: Record<string, unknown>[]) => ({
  ...role,
  "aws_iam_role_policy.app": { role: "${aws_iam_role.app.id}", policy: policy(...statements) },
});
const key = { "aws_kms_key.data": { enable_key_rotation: true } };

/** A bucket admitting S3 server access logs under `condition`. */
const accessLogGrant = (condition: Record<string, unknown>) => ({
  "aws_s3_bucket.logs": { bucket: "logs" },
  "aws_s3_bucket_policy.logs": {
    bucket: "${aws_s3_bucket.logs.id}",
    policy: policy({
      Sid: "AccessLogs",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: "${aws_s3_bucket.logs.arn}/*",
      Condition: condition,
    }),
  },
});
/** A key CloudWatch Logs may use, under `condition` if given. */
const logsKey = (condition?: Record<string, unknown>) => ({
  "aws_kms_key.logs": {
    enable_key_rotation: true,
    policy: policy({
      Effect: "Allow",
      Principal: { Service: "logs.us-east-1.amazonaws.com" },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"],
      Resource: "*",
      ...(condition && { Condition: condition }),
    }),
  },
});

export const identityCases: RuleCase[] = [
  {
    rule: "iam-no-wildcard-actions",
    name: "named actions vs a service wildcard",
    compliant: rolePolicy({ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "${aws_s3_bucket.data.arn}/*" }),
    nonCompliant: rolePolicy({ Sid: "Everything", Effect: "Allow", Action: "s3:*", Resource: "${aws_s3_bucket.data.arn}" }),
    flags: "aws_iam_role_policy.app",
    message: /Everything allows s3:\*/,
  },
  {
    rule: "iam-no-wildcard-actions",
    name: "a Deny with a wildcard is fine; Allow with NotAction is not",
    compliant: rolePolicy({ Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    nonCompliant: rolePolicy({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }),
    flags: "aws_iam_role_policy.app",
    message: /NotAction/,
  },
  {
    rule: "iam-no-wildcard-actions",
    name: "an AdministratorAccess attachment vs a scoped managed policy",
    compliant: {
      ...role,
      "aws_iam_role_policy_attachment.ssm": {
        role: "${aws_iam_role.app.name}",
        policy_arn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
      },
    },
    nonCompliant: {
      ...role,
      "aws_iam_role_policy_attachment.admin": {
        role: "${aws_iam_role.app.name}",
        policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess",
      },
    },
    flags: "aws_iam_role_policy_attachment.admin",
  },
  {
    rule: "iam-no-wildcard-actions",
    name: "a policy the guardrails cannot read is reported, not trusted",
    nonCompliant: { ...role, "aws_iam_role_policy.app": { role: "${aws_iam_role.app.id}", policy: "${jsonencode({Statement = []})}" } },
    flags: "aws_iam_role_policy.app",
    message: /not a JSON document/,
  },
  {
    rule: "iam-data-plane-named-resources",
    name: "object access on the bucket's objects vs on every bucket",
    compliant: rolePolicy(
      { Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::coherent-artifacts/*" },
      { Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" },
    ),
    nonCompliant: rolePolicy({ Sid: "ReadAll", Effect: "Allow", Action: ["s3:Get*"], Resource: "arn:aws:s3:::*/*" }),
    flags: "aws_iam_role_policy.app",
    message: /ReadAll allows s3:Get\* on every resource/,
  },
  {
    rule: "iam-data-plane-named-resources",
    name: "secret reads on every secret, in a standalone policy built from a data source",
    compliant: {
      "data.aws_iam_policy_document.read": {
        statement: [{ actions: ["secretsmanager:GetSecretValue"], resources: ["${aws_secretsmanager_secret.api.arn}"] }],
      },
      "aws_iam_policy.read": { name: "read", policy: "${data.aws_iam_policy_document.read.json}" },
    },
    nonCompliant: {
      "data.aws_iam_policy_document.read": {
        statement: [{ actions: ["secretsmanager:GetSecretValue"], resources: ["arn:aws:secretsmanager:us-east-1:111111111111:secret:*"] }],
      },
      "aws_iam_policy.read": { name: "read", policy: "${data.aws_iam_policy_document.read.json}" },
    },
    flags: "aws_iam_policy.read",
  },
  {
    rule: "resource-policy-no-public-principal",
    name: "a service principal scoped by SourceArn vs everyone",
    compliant: {
      "aws_s3_bucket.site": { bucket: "site" },
      "aws_s3_bucket_policy.site": {
        bucket: "${aws_s3_bucket.site.id}",
        policy: policy({
          Effect: "Allow",
          Principal: "*",
          Action: "s3:GetObject",
          Resource: "${aws_s3_bucket.site.arn}/*",
          Condition: { StringEquals: { "AWS:SourceArn": "${aws_cloudfront_distribution.site.arn}" } },
        }),
      },
    },
    nonCompliant: {
      "aws_s3_bucket.site": { bucket: "site" },
      "aws_s3_bucket_policy.site": {
        bucket: "${aws_s3_bucket.site.id}",
        policy: policy({
          Sid: "Public",
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: "s3:GetObject",
          Resource: "${aws_s3_bucket.site.arn}/*",
        }),
      },
    },
    flags: "aws_s3_bucket_policy.site",
    message: /Public allows everyone/,
  },
  {
    rule: "resource-policy-no-public-principal",
    name: "a role anyone can assume",
    nonCompliant: {
      "aws_iam_role.open": { assume_role_policy: policy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }) },
    },
    flags: "aws_iam_role.open",
    message: /assume_role_policy/,
  },
  {
    rule: "secretsmanager-kms",
    name: "a customer key vs the AWS-managed key",
    compliant: { ...key, "aws_secretsmanager_secret.api": { name: "api", kms_key_id: "${aws_kms_key.data.arn}" } },
    nonCompliant: { "aws_secretsmanager_secret.api": { name: "api", kms_key_id: "alias/aws/secretsmanager" } },
    flags: "aws_secretsmanager_secret.api",
  },
  {
    rule: "no-plaintext-secrets",
    name: "a managed master password vs a literal one, in development too",
    tier: "development",
    compliant: {
      "aws_db_instance.db": { engine: "postgres", instance_class: "db.t3.medium", manage_master_user_password: true, username: "app" },
    },
    nonCompliant: {
      "aws_db_instance.db": { engine: "postgres", instance_class: "db.t3.medium", username: "app", password: "hunter2hunter2" },
    },
    flags: "aws_db_instance.db",
    message: /password holds a literal value/,
  },
  {
    rule: "no-plaintext-secrets",
    name: "a secret created empty vs a secret version written by Terraform",
    tier: "development",
    compliant: { "aws_secretsmanager_secret.api": { name: "api", description: "set by operators" } },
    nonCompliant: {
      "aws_secretsmanager_secret.api": { name: "api" },
      "aws_secretsmanager_secret_version.api": {
        secret_id: "${aws_secretsmanager_secret.api.id}",
        secret_string: "${jsonencode({ host = aws_db_instance.db.address })}",
      },
    },
    flags: "aws_secretsmanager_secret_version.api",
    message: /stored in Terraform state/,
  },
  {
    rule: "no-plaintext-secrets",
    name: "credentials in user data, Beanstalk variables and reads of secret values",
    tier: "development",
    compliant: {
      "aws_elastic_beanstalk_environment.api": {
        name: "api",
        application: "api",
        setting: [
          {
            namespace: "aws:elasticbeanstalk:application:environment",
            name: "DJANGO_SECRET_KEY_ARN",
            value: "${aws_secretsmanager_secret.api.arn}",
          },
        ],
      },
    },
    nonCompliant: {
      "aws_instance.app": {
        ami: "ami-0123456789abcdef0",
        instance_type: "t3.micro",
        user_data: "export AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP",
      },
      "aws_elastic_beanstalk_environment.api": {
        name: "api",
        application: "api",
        setting: [{ namespace: "aws:elasticbeanstalk:application:environment", name: "DJANGO_SECRET_KEY", value: "not-so-secret" }],
      },
      "aws_lb_listener_rule.origin": {
        listener_arn: "${aws_lb_listener.web.arn}",
        action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.web.arn}" }],
        condition: [
          { http_header: { http_header_name: "X-Origin", values: ["${data.aws_secretsmanager_secret_version.origin.secret_string}"] } },
        ],
      },
    },
    flags: ["aws_instance.app", "aws_elastic_beanstalk_environment.api", "aws_lb_listener_rule.origin"],
  },
  {
    rule: "no-plaintext-secrets",
    name: "each credential format, wherever it appears (tags, user data)",
    tier: "development",
    compliant: { "aws_instance.app": { ami: "ami-0123456789abcdef0", instance_type: "t3.micro", tags: { Owner: "ghost_team" } } },
    // Built from pieces, so that no scanner mistakes this file for one holding credentials.
    nonCompliant: {
      "aws_instance.session": { ami: "ami-0123456789abcdef0", tags: { Key: ["AS", "IA", "ABCDEFGHIJKLMNOP"].join("") } },
      "aws_instance.private": { ami: "ami-0123456789abcdef0", user_data: ["-----BEGIN ", "RSA PRIVATE KEY-----", "\nMIIE"].join("") },
      "aws_instance.github": { ami: "ami-0123456789abcdef0", tags: { Token: ["gh", "s_", "a".repeat(36)].join("") } },
      "aws_instance.slack": { ami: "ami-0123456789abcdef0", tags: { Hook: ["xo", "xb-", "1234567890ab"].join("") } },
    },
    flags: ["aws_instance.session", "aws_instance.private", "aws_instance.github", "aws_instance.slack"],
    message: /contains an AWS access key id|contains a private key|contains a GitHub token|contains a Slack token/,
  },
  {
    rule: "sns-kms",
    name: "a customer key vs no encryption",
    compliant: { ...key, "aws_sns_topic.alarms": { name: "alarms", kms_master_key_id: "${aws_kms_key.data.arn}" } },
    nonCompliant: { "aws_sns_topic.alarms": { name: "alarms" } },
    flags: "aws_sns_topic.alarms",
  },
  {
    rule: "service-principal-source-condition",
    name: "a flow-log role trusted for the account's flow logs vs for any account's",
    compliant: {
      "aws_iam_role.flow_logs": {
        name: "flow-logs",
        assume_role_policy: policy({
          Effect: "Allow",
          Principal: { Service: "vpc-flow-logs.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
        }),
      },
      // EC2 assumes instance roles with no calling resource to name.
      ...role,
    },
    nonCompliant: {
      "aws_iam_role.flow_logs": {
        name: "flow-logs",
        assume_role_policy: policy({ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" }),
      },
    },
    flags: "aws_iam_role.flow_logs",
    message: /allows vpc-flow-logs\.amazonaws\.com without a source condition/,
  },
  {
    rule: "service-principal-source-condition",
    name: "a bucket's access-log grant with the source account vs with only the bucket ARN, which names no account",
    compliant: accessLogGrant({
      ArnLike: { "aws:SourceArn": "${aws_s3_bucket.logs.arn}" },
      StringEquals: { "aws:SourceAccount": "111122223333" },
    }),
    nonCompliant: accessLogGrant({ ArnLike: { "aws:SourceArn": "arn:aws:s3:::app-data" } }),
    flags: "aws_s3_bucket_policy.logs",
    message: /AccessLogs allows logging\.s3\.amazonaws\.com/,
  },
  {
    rule: "service-principal-source-condition",
    name: "a key for CloudWatch Logs limited by its log-group encryption context vs for every Logs customer",
    compliant: logsKey({ ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:111122223333:log-group:*" } }),
    nonCompliant: logsKey(),
    flags: "aws_kms_key.logs",
  },
  {
    rule: "provider-account-guard",
    name: "production providers that name their account vs an aliased one that does not",
    compliant: {
      "provider.aws": { region: "us-east-1", allowed_account_ids: ["111122223333"] },
      "provider.aws.us_east_1": { region: "us-east-1", allowed_account_ids: ["111122223333"] },
    },
    nonCompliant: {
      "provider.aws": { region: "us-west-2", allowed_account_ids: ["111122223333"] },
      "provider.aws.us_east_1": { region: "us-east-1" },
    },
    flags: "provider.aws.us_east_1",
    message: /has no allowed_account_ids/,
  },
  {
    rule: "provider-account-guard",
    name: "a development provider without a guard (the config loader warns instead)",
    tier: "development",
    compliant: { "provider.aws": { region: "us-east-1" } },
  },
];
