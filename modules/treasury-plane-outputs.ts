import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { AddressTransparentGroup } from "../lib/platform-stack";
import { AlarmTopic } from "./alarm-topic";
import { AppSecrets } from "./app-secrets";
import { AuroraServerless } from "./aurora-serverless";
import { BeanstalkEnvironment } from "./beanstalk-environment";
import { FrontendSites } from "./frontend-sites";
import type { RedisCache } from "./redis-cache";
import { RuntimeParameters } from "./runtime-parameters";
import { SignInEdge } from "./sign-in-edge";

export interface TreasuryPlaneOutputsProps {
  readonly frontends: FrontendSites;
  readonly app: BeanstalkEnvironment;
  readonly edge: SignInEdge;
  readonly apiHostName: string;
  readonly database: AuroraServerless;
  /** The statements creating Django's database role (AuroraServerless.logins.bootstrapStatements). */
  readonly databaseBootstrapStatements: readonly string[];
  readonly parameters: RuntimeParameters;
  readonly secrets: AppSecrets<string>;
  readonly alarmTopic: AlarmTopic;
  /** @default - no Redis outputs */
  readonly redis?: RedisCache;
}

/**
 * The Treasury Plane's outputs: what the deploy workflow (eb deploy, aws s3 sync, CloudFront invalidation), the
 * React apps and operators read. A group: the outputs keep the names they would have directly in the stack.
 */
export class TreasuryPlaneOutputs extends AddressTransparentGroup {
  constructor(scope: Construct, id: string, props: TreasuryPlaneOutputsProps) {
    super(scope, id);
    const output = (name: string, value: unknown, description: string) => new TerraformOutput(this, name, { value, description });
    const { frontends, edge, database } = props;
    output(
      "frontend_buckets",
      frontends.bySite((site) => site.bucket.bucketName),
      "aws s3 sync targets",
    );
    output(
      "frontend_distribution_ids",
      frontends.bySite((site) => site.distributionId),
      "aws cloudfront create-invalidation --distribution-id",
    );
    output(
      "frontend_domain_names",
      frontends.bySite((site) => site.distributionDomainName),
      "CloudFront host names",
    );
    output("beanstalk_application_name", props.app.applicationName, "eb init application");
    output("beanstalk_environment_name", props.app.environmentName, "eb deploy environment");
    output(
      "api_urls",
      {
        piv: edge.urls.piv,
        login_gov: edge.urls.loginGov,
        piv_websocket: edge.urls.pivWebSocket,
        login_gov_websocket: edge.urls.loginGovWebSocket,
      },
      "API base URLs for the React apps: piv (PIV/CAC, client certificate, ALB 443) and login_gov (Login.gov, through CloudFront), each with its WebSocket base",
    );
    output("login_distribution_id", edge.loginDistribution.distributionId, "CloudFront distribution of the Login.gov host");
    output(
      "login_origin_secret_store_arn",
      edge.loginDistribution.keyValueStoreArn,
      "Key value store holding the Login.gov origin secret (aws cloudfront-keyvaluestore put-key, docs/operations.md)",
    );
    output("api_host_name", props.apiHostName, "Host the API answers on");
    output("alb_dns_name", edge.loadBalancer.dnsName, "ALB host name (alias target of the API host)");
    output("aurora_endpoint", database.endpoint, "Writer endpoint");
    output("aurora_reader_endpoint", database.readerEndpoint, "Reader endpoint");
    output("aurora_master_secret_arn", database.masterUserSecretArn, "RDS-managed master user secret: operators only (the role bootstrap)");
    output(
      "database_bootstrap_statements",
      props.databaseBootstrapStatements,
      "Run once through the RDS Data API as the master user: creates Django's database role (docs/operations.md)",
    );
    output("runtime_parameters_path", props.parameters.path, "SSM parameters Django reads at run time");
    output("secret_arns", props.secrets.arnsByName(), "Secrets operators fill (aws secretsmanager put-secret-value)");
    output("alarm_topic_arn", props.alarmTopic.arn, "SNS topic of the alarms");
    if (props.redis) {
      output("redis_primary_endpoint", props.redis.primaryEndpoint, "Redis primary (TLS, IAM authentication)");
      output("redis_reader_endpoint", props.redis.readerEndpoint, "Redis readers");
    }
  }
}
