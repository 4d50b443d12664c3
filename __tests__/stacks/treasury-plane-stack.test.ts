import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTrustStore } from "@cdktf/provider-aws/lib/lb-trust-store";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { parseConfig } from "../../lib/config/load";
import { stateBackendConfig } from "../../lib/config/state-backend";
import { treasuryPlaneConfigDefinition } from "../../lib/config/treasury-plane";
import { blockingFindings, policyEvaluationOf, StackPolicyReport } from "../../lib/policy";
import { TreasuryPlaneStack } from "../../stacks/treasury-plane-stack";
import { bucketNames, expectPinnedAddresses, JsonTree, policy, resource, resources, synthesize, SynthesizedStack } from "../support/synth";
import {
  CLIENT_CERT_HEADER,
  HEALTH_CHECK_PATH,
  IDENTITY_HEADERS,
  LOGIN_GOV_PATH,
  ORIGIN_SECRET,
  ORIGIN_VERIFY_HEADER,
  PIV_PATH,
  MAX_REQUEST_BODY_MB,
} from "../../lib/sign-in-paths";

const CONFIG_DIR = path.join(__dirname, "..", "..", "config");
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(CONFIG_DIR, file), "utf8"));
const schema = treasuryPlaneConfigDefinition.schema(parseConfig("state-backend.json", readJson("state-backend.json"), stateBackendConfig));

/** Synthesizes one environment from its shipped config file, with top-level sections merged and other fields replaced. */
function synth(environment: "dev" | "prod", overrides: Record<string, unknown> = {}): SynthesizedStack {
  const input = readJson(`treasury-plane-${environment}.json`);
  for (const [key, value] of Object.entries(overrides)) {
    input[key] = value !== null && typeof value === "object" && !Array.isArray(value) ? { ...input[key], ...value } : value;
  }
  const config = parseConfig(`treasury-plane-${environment}.json`, input, schema);
  const stack = new TreasuryPlaneStack(Testing.app(), `treasury-plane-${environment}`, { environment, config });
  const json = synthesize(stack);
  // The guardrails report of the shipped environments, as synthesis evaluated it.
  if (Object.keys(overrides).length === 0) reports.set(environment, policyEvaluationOf(stack)!.report);
  return json;
}
const reports = new Map<"dev" | "prod", StackPolicyReport>();

/** The runtime parameters of a stack by name (under `/treasury-plane/<env>/`), with their values. */
const parameters = (json: SynthesizedStack) =>
  Object.fromEntries(
    Object.values(resources(json, "aws_ssm_parameter")).map((parameter) => [
      String(parameter.name).split("/").pop(),
      parameter.insecure_value,
    ]),
  );

const dev = synth("dev");
const prod = synth("prod");
const devWithRedis = synth("dev", { redis: { enabled: true } });
const both = [
  ["dev", dev],
  ["prod", prod],
] as const;

type Rule = {
  description?: string;
  from_port?: number;
  to_port?: number;
  cidr_ipv4?: string;
  referenced_security_group_id?: string;
  prefix_list_id?: string;
  security_group_id: string;
};
const rulesOf = (json: SynthesizedStack, type: "ingress" | "egress", group: string) =>
  Object.values(resources(json, `aws_vpc_security_group_${type}_rule`)).filter(
    (rule) => (rule as Rule).security_group_id === `\${aws_security_group.${group}.id}`,
  ) as Rule[];
const envSettings = (json: SynthesizedStack) =>
  Object.fromEntries(
    (resource(json, "aws_elastic_beanstalk_environment.beanstalk").setting as { namespace: string; name: string; value: string }[]).map(
      (s) => [`${s.namespace}/${s.name}`, s.value],
    ),
  );

/** Reviewed guardrail exceptions in prod (each suppressed next to its resource with the reason). */
const PROD_SUPPRESSIONS = [
  "aws_vpc_security_group_egress_rule.alb-sg_all-egress sg-world-egress-all",
  "aws_vpc_security_group_egress_rule.beanstalk-sg_all-egress sg-world-egress-all",
  "aws_vpc_security_group_ingress_rule.alb-sg_http-from-internet sg-world-ingress",
  "aws_vpc_security_group_ingress_rule.alb-sg_https-from-internet sg-world-ingress",
];

describe("TreasuryPlaneStack", () => {
  test.each(both)("GIVEN %s THEN the Terraform addresses match the reviewed list", (name, json) => {
    expectPinnedAddresses(json, `treasury-plane-${name}`);
  });

  test.each(both)("GIVEN %s THEN state lives under treasury-plane/<env> in the shared backend", (name, json) => {
    expect(json.terraform?.backend?.s3).toMatchObject({ key: `treasury-plane/${name}/terraform.tfstate`, encrypt: true });
  });

  describe("network", () => {
    test.each(both)(
      "GIVEN %s THEN the network is the document's VPC and subnets, none assigning public IPs, with flow logs",
      (_name, json) => {
        expect(resource(json, "aws_vpc.network_vpc").cidr_block).toBe("10.0.0.0/16");
        const subnets = resources(json, "aws_subnet");
        expect(Object.fromEntries(Object.entries(subnets).map(([name, subnet]) => [name, subnet.cidr_block]))).toEqual({
          "network_public-subnet-1": "10.0.1.0/24",
          "network_public-subnet-2": "10.0.2.0/24",
          "network_private-subnet-1": "10.0.10.0/24",
          "network_private-subnet-2": "10.0.11.0/24",
        });
        for (const subnet of Object.values(subnets)) expect(subnet.map_public_ip_on_launch).toBe(false);
        expect(resource(json, "aws_flow_log.network_flow-log").traffic_type).toBe("ALL");
      },
    );

    test("GIVEN prod and dev THEN prod has a NAT gateway per AZ; dev saves one (the document's optimisation)", () => {
      expect(Object.keys(resources(prod, "aws_nat_gateway"))).toHaveLength(2);
      expect(Object.keys(resources(dev, "aws_nat_gateway"))).toHaveLength(1);
    });
  });

  describe("security groups (the document's chain)", () => {
    test.each(both)(
      "GIVEN %s THEN the internet reaches the ALB on 443 (PIV) and 80 (redirect) only; the listener without certificates only from CloudFront's origin-facing servers",
      (_name, json) => {
        expect(
          rulesOf(json, "ingress", "alb-sg")
            .map((r) => [r.from_port, r.cidr_ipv4])
            .sort(),
        ).toEqual([
          [443, "0.0.0.0/0"],
          [80, "0.0.0.0/0"],
        ]);
        expect(rulesOf(json, "ingress", "alb-cloudfront-sg").map((r) => [r.from_port, r.prefix_list_id])).toEqual([
          [8443, "${data.aws_ec2_managed_prefix_list.alb-cloudfront-sg_cloudfront-origin-facing.id}"],
        ]);
        expect(json.data?.aws_ec2_managed_prefix_list).toEqual({
          "alb-cloudfront-sg_cloudfront-origin-facing": { name: "com.amazonaws.global.cloudfront.origin-facing" },
        });
        expect(resource(json, "aws_lb.alb").security_groups).toEqual([
          "${aws_security_group.alb-sg.id}",
          "${aws_security_group.alb-cloudfront-sg.id}",
        ]);
      },
    );

    test.each(both)(
      "GIVEN %s THEN Beanstalk takes each sign-in path's nginx port (PIV 8080, Login.gov 8081) only from the ALB group, and 22 only from the VPC",
      (_name, json) => {
        const rules = rulesOf(json, "ingress", "beanstalk-sg");
        expect(rules.map((r) => [r.from_port, r.referenced_security_group_id ?? r.cidr_ipv4])).toEqual(
          expect.arrayContaining([
            [PIV_PATH.instancePort, "${aws_security_group.alb-sg.id}"],
            [LOGIN_GOV_PATH.instancePort, "${aws_security_group.alb-sg.id}"],
            [22, "10.0.0.0/16"],
          ]),
        );
        expect(rules).toHaveLength(3);
      },
    );

    test.each(both)("GIVEN %s THEN Aurora takes 5432 only from Beanstalk and has no egress", (_name, json) => {
      expect(rulesOf(json, "ingress", "aurora-sg").map((r) => [r.from_port, r.referenced_security_group_id])).toEqual([
        [5432, "${aws_security_group.beanstalk-sg.id}"],
      ]);
      expect(rulesOf(json, "egress", "aurora-sg")).toEqual([]);
    });

    test.each([...both, ["dev+redis", devWithRedis] as const])(
      "GIVEN %s THEN every rule says why it exists and no rule opens anything but the ALB's 80 and 443 to the internet",
      (_name, json) => {
        const rules = [
          ...Object.values(resources(json, "aws_vpc_security_group_ingress_rule")),
          ...Object.values(resources(json, "aws_vpc_security_group_egress_rule")),
        ] as Rule[];
        for (const rule of rules) expect(rule.description).toMatch(/\w{3,}/);
        const worldIngress = Object.values(resources(json, "aws_vpc_security_group_ingress_rule")).filter(
          (r) => (r as Rule).cidr_ipv4 === "0.0.0.0/0",
        );
        expect(worldIngress.map((r) => `${(r as Rule).security_group_id}:${(r as Rule).from_port}`).sort()).toEqual([
          "${aws_security_group.alb-sg.id}:443",
          "${aws_security_group.alb-sg.id}:80",
        ]);
      },
    );
  });

  describe("Redis switch", () => {
    test("GIVEN the default (Redis off) THEN there is no cache, no redis group, no redis-config secret, no elasticache grant", () => {
      expect(resources(dev, "aws_elasticache_replication_group")).toEqual({});
      expect(resources(dev, "aws_security_group")).not.toHaveProperty("redis-sg");
      expect(Object.values(resources(dev, "aws_secretsmanager_secret")).map((s) => s.name)).not.toContain(
        "treasury-plane/dev/redis-config",
      );
      expect(String(resource(dev, "aws_iam_role_policy.beanstalk_instance-role-secrets").policy)).not.toContain("elasticache");
    });

    test("GIVEN Redis on THEN there is an encrypted cache in its own group (6379 from Beanstalk only, no egress), its config secret, and an IAM connect grant", () => {
      expect(resource(devWithRedis, "aws_elasticache_replication_group.redis")).toMatchObject({
        transit_encryption_enabled: true,
        at_rest_encryption_enabled: "true",
        security_group_ids: ["${aws_security_group.redis-sg.id}"],
      });
      expect(rulesOf(devWithRedis, "ingress", "redis-sg").map((r) => [r.from_port, r.referenced_security_group_id])).toEqual([
        [6379, "${aws_security_group.beanstalk-sg.id}"],
      ]);
      expect(rulesOf(devWithRedis, "egress", "redis-sg")).toEqual([]);
      expect(resource(devWithRedis, "aws_secretsmanager_secret.secrets_redis-config").name).toBe("treasury-plane/dev/redis-config");
      const statements = policy(resource(devWithRedis, "aws_iam_role_policy.beanstalk_instance-role-secrets").policy).Statement;
      expect(statements.find((s) => s.Action === "elasticache:Connect")).toBeDefined();
      expect(statements.find((s) => s.Action === "secretsmanager:GetSecretValue")?.Resource).toContain(
        "${aws_secretsmanager_secret.secrets_redis-config.arn}",
      );
      expect(parameters(devWithRedis)).toMatchObject({
        REDIS_CONFIG_SECRET_ARN: "${aws_secretsmanager_secret.secrets_redis-config.arn}",
        REDIS_PRIMARY_ENDPOINT: "${aws_elasticache_replication_group.redis.primary_endpoint_address}",
        REDIS_USERNAME: "${aws_elasticache_user.redis_app-user.user_name}",
      });
      expect(devWithRedis.output).toHaveProperty("redis_primary_endpoint");
    });
  });

  describe("secrets", () => {
    test("GIVEN prod and dev THEN prod keeps deleted secrets restorable for 30 days; dev releases their names at once for rebuilds", () => {
      for (const secret of Object.values(resources(prod, "aws_secretsmanager_secret"))) expect(secret.recovery_window_in_days).toBe(30);
      for (const secret of Object.values(resources(dev, "aws_secretsmanager_secret"))) expect(secret.recovery_window_in_days).toBe(0);
    });

    test.each(both)(
      "GIVEN %s THEN the document's secrets (but db-credentials: Django logs in with IAM tokens) and the origin secret are environment-scoped, KMS-encrypted, created empty",
      (name, json) => {
        const secrets = Object.values(resources(json, "aws_secretsmanager_secret"));
        expect(secrets.map((s) => s.name).sort()).toEqual(
          ["app-config", "django-secret-key", "oidc-credentials", "origin-verify"].map((key) => `treasury-plane/${name}/${key}`),
        );
        for (const secret of secrets) expect(secret.kms_key_id).toBe("${aws_kms_key.data-key.arn}");
        expect(resources(json, "aws_secretsmanager_secret_version")).toEqual({});
      },
    );

    test.each([...both, ["dev+redis", devWithRedis] as const])(
      "GIVEN %s THEN no secret value is anywhere in the synthesized JSON",
      (_name, json) => {
        const text = JSON.stringify(json);
        expect(text).not.toMatch(/"(master_password|password|auth_token|secret_string_wo|passwords)"/);
        expect(Object.keys(json.resource ?? {}).filter((type) => type.startsWith("random_"))).toEqual([]);
        expect(resource(json, "aws_rds_cluster.aurora").manage_master_user_password).toBe(true);
      },
    );

    test.each(both)(
      "GIVEN %s THEN the instance role reads exactly the document's secrets and the origin secret (for nginx's hook), logs in to Aurora as treasury_app with IAM tokens, and reads no master secret",
      (_name, json) => {
        const statements = policy(resource(json, "aws_iam_role_policy.beanstalk_instance-role-secrets").policy).Statement;
        expect(statements.find((s) => s.Action === "rds-db:connect")?.Resource).toEqual([
          "arn:${data.aws_partition.current-partition.partition}:rds-db:us-east-1:${data.aws_caller_identity.current-account.account_id}:dbuser:${aws_rds_cluster.aurora.cluster_resource_id}/treasury_app",
        ]);
        const rolePolicies = Object.values(resources(json, "aws_iam_role_policy")).map((rolePolicy) => String(rolePolicy.policy));
        expect(rolePolicies.filter((text) => text.includes("master_user_secret"))).toEqual([]);
        const read = statements.find((s) => s.Action === "secretsmanager:GetSecretValue");
        expect(read?.Resource).toEqual([
          "${aws_secretsmanager_secret.secrets_django-secret-key.arn}",
          "${aws_secretsmanager_secret.secrets_oidc-credentials.arn}",
          "${aws_secretsmanager_secret.secrets_app-config.arn}",
          "${aws_secretsmanager_secret.secrets_origin-verify.arn}",
        ]);
      },
    );
  });

  describe("load balancer and mutual TLS", () => {
    test.each(both)("GIVEN %s THEN HTTPS uses TLS 1.2+ and PIV/CAC mutual TLS against the trust store; HTTP redirects", (_name, json) => {
      expect(resource(json, "aws_lb_listener.alb_https-listener")).toMatchObject({
        ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        certificate_arn: "${aws_acm_certificate_validation.api-certificate_validation.certificate_arn}",
        mutual_authentication: { mode: "verify", trust_store_arn: "${aws_lb_trust_store.mtls-trust-store.arn}" },
      });
      expect(resource(json, "aws_lb_trust_store.mtls-trust-store")).toMatchObject({
        ca_certificates_bundle_s3_bucket: "treasury-plane-pki-replace-me",
        ca_certificates_bundle_s3_key: "federal-pki/ca-bundle.pem",
      });
      expect(resource(json, "aws_lb_listener.alb_http-listener").default_action).toEqual([
        expect.objectContaining({ type: "redirect", redirect: expect.objectContaining({ protocol: "HTTPS" }) }),
      ]);
    });

    test("GIVEN prod THEN the trust store pins the bundle's version and checks each pinned CRL; dev may follow the latest bundle without CRLs", () => {
      expect(resource(prod, "aws_lb_trust_store.mtls-trust-store").ca_certificates_bundle_s3_object_version).toBe(
        "REPLACE-WITH-VERSION-ID",
      );
      expect(resources(prod, "aws_lb_trust_store_revocation")).toEqual({
        "mtls-trust-store_revocation-1": expect.objectContaining({
          trust_store_arn: "${aws_lb_trust_store.mtls-trust-store.arn}",
          revocations_s3_key: "federal-pki/crl/federal-common-policy-ca-g2.crl",
          revocations_s3_object_version: "REPLACE-WITH-VERSION-ID",
        }),
      });
      expect(resource(dev, "aws_lb_trust_store.mtls-trust-store").ca_certificates_bundle_s3_object_version).toBeUndefined();
      expect(resources(dev, "aws_lb_trust_store_revocation")).toEqual({});
    });

    test.each(both)(
      "GIVEN %s THEN the two sign-in paths reach different Beanstalk processes on different instance ports: 443 (verify) to PIV's, the listener without certificates to Login.gov's",
      (name, json) => {
        const domain = name === "prod" ? "plane.treasury.gov" : "dev.plane.treasury.gov";
        const open = resource(json, "aws_lb_listener.alb_no-client-certificate-listener");
        expect(open).toMatchObject({ port: 8443, protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06" });
        expect(open.mutual_authentication).toBeUndefined();
        expect(envSettings(json)).toMatchObject({
          "aws:elbv2:listener:443/Rules": "default,domain",
          "aws:elbv2:listenerrule:domain/HostHeaders": `api.${domain}`,
          "aws:elbv2:listenerrule:domain/Process": PIV_PATH.process,
          [`aws:elasticbeanstalk:environment:process:${PIV_PATH.process}/Port`]: String(PIV_PATH.instancePort),
          "aws:elbv2:listener:8443/Rules": LOGIN_GOV_PATH.process,
          [`aws:elbv2:listenerrule:${LOGIN_GOV_PATH.process}/HostHeaders`]: `login.${domain}`,
          [`aws:elbv2:listenerrule:${LOGIN_GOV_PATH.process}/Process`]: LOGIN_GOV_PATH.process,
          [`aws:elasticbeanstalk:environment:process:${LOGIN_GOV_PATH.process}/Port`]: String(LOGIN_GOV_PATH.instancePort),
          [`aws:elasticbeanstalk:environment:process:${LOGIN_GOV_PATH.process}/HealthCheckPath`]: HEALTH_CHECK_PATH,
        });
        expect(PIV_PATH.process).not.toBe(LOGIN_GOV_PATH.process);
        expect(PIV_PATH.instancePort).not.toBe(LOGIN_GOV_PATH.instancePort);
      },
    );

    test.each(both)(
      "GIVEN %s THEN Login.gov users come in on 443 through CloudFront: login.<domain>, to the ALB's listener without certificates, no identity header forwarded, the origin secret added, WebSockets and every method through",
      (name, json) => {
        const domain = name === "prod" ? "plane.treasury.gov" : "dev.plane.treasury.gov";
        const distribution = resource(json, "aws_cloudfront_distribution.login-edge_distribution");
        expect(distribution).toMatchObject({
          aliases: [`login.${domain}`],
          origin: [
            { domain_name: "${aws_lb.alb.dns_name}", custom_origin_config: { https_port: 8443, origin_protocol_policy: "https-only" } },
          ],
          default_cache_behavior: {
            viewer_protocol_policy: "https-only",
            allowed_methods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
            function_association: [{ event_type: "viewer-request" }],
          },
          viewer_certificate: {
            acm_certificate_arn: "${aws_acm_certificate_validation.login-certificate_validation.certificate_arn}",
            minimum_protocol_version: "TLSv1.3_2025",
          },
        });
        // WebSocket upgrades need Upgrade, Connection and Sec-WebSocket-* forwarded: every header but the identity ones is.
        expect(resource(json, "aws_cloudfront_origin_request_policy.login-edge_origin-request-policy").headers_config).toEqual({
          header_behavior: "allExcept",
          headers: { items: IDENTITY_HEADERS },
        });
        const fn = resource(json, "aws_cloudfront_function.login-edge_origin-secret-function");
        expect(fn.code).toContain(`request.headers["${ORIGIN_VERIFY_HEADER.toLowerCase()}"]`);
        expect(fn.key_value_store_associations).toEqual(["${aws_cloudfront_key_value_store.login-edge_origin-secret-store.arn}"]);
        // The certificate of both HTTPS listeners names the Login.gov host, which CloudFront forwards and validates.
        expect(resource(json, "aws_acm_certificate.api-certificate")).toMatchObject({
          domain_name: `api.${domain}`,
          subject_alternative_names: [`login.${domain}`],
        });
        // In us-east-1, where CloudFront certificates live (the frontends' provider).
        expect(resource(json, "aws_acm_certificate.login-certificate")).toMatchObject({
          domain_name: `login.${domain}`,
          provider: resource(json, "aws_acm_certificate.frontend-certificate").provider,
        });
        expect(json.output?.login_origin_secret_store_arn?.value).toBe(
          "${aws_cloudfront_key_value_store.login-edge_origin-secret-store.arn}",
        );
      },
    );

    test("GIVEN prod THEN the Login.gov distribution sits behind the CloudFront web ACL (per-viewer rate limit) and the ALB's per-IP limit does not count its CloudFront addresses", () => {
      expect(resource(prod, "aws_cloudfront_distribution.login-edge_distribution").web_acl_id).toBe(
        "${aws_wafv2_web_acl.cloudfront-waf.arn}",
      );
      const rules = JSON.parse(String(resource(prod, "aws_wafv2_web_acl.alb-waf").rule_json)) as {
        Name: string;
        Statement: { RateBasedStatement: { ScopeDownStatement: unknown } };
      }[];
      expect(
        JSON.stringify(rules.find((rule) => rule.Name === "rate-limit-per-ip")?.Statement.RateBasedStatement.ScopeDownStatement),
      ).toContain('"SearchString":"login.plane.treasury.gov"');
      expect(resource(dev, "aws_cloudfront_distribution.login-edge_distribution").web_acl_id).toBeUndefined();
    });

    test.each(both)(
      "GIVEN %s THEN the app learns the one identity header it reads, each audience's base URL and the origin secret's ARN; nothing names a listener port",
      (name, json) => {
        const domain = name === "prod" ? "plane.treasury.gov" : "dev.plane.treasury.gov";
        const settings = envSettings(json);
        expect(settings).toMatchObject({
          "aws:elasticbeanstalk:application:environment/PIV_CLIENT_CERT_HEADER": CLIENT_CERT_HEADER,
          "aws:elasticbeanstalk:application:environment/API_URL_PIV": `https://api.${domain}`,
          "aws:elasticbeanstalk:application:environment/API_URL_LOGIN_GOV": `https://login.${domain}`,
          [`aws:elasticbeanstalk:application:environment/${ORIGIN_SECRET.environmentVariable}`]:
            "${aws_secretsmanager_secret.secrets_origin-verify.arn}",
        });
        const application = Object.keys(settings).filter((key) => key.startsWith("aws:elasticbeanstalk:application:environment/"));
        expect(application.filter((key) => /LISTENER|MTLS/.test(key))).toEqual([]);
        expect(json.output?.api_urls?.value).toEqual({
          piv: `https://api.${domain}`,
          login_gov: `https://login.${domain}`,
          piv_websocket: `wss://api.${domain}/ws/`,
          login_gov_websocket: `wss://login.${domain}/ws/`,
        });
      },
    );

    test("GIVEN passthrough mode in the config THEN synthesis is refused: the identity would be forgeable", () => {
      expect(() => synth("dev", { mutualTls: { mode: "passthrough" } })).toThrow(/mutualTls\.mode = "passthrough": must be "verify"/);
    });

    test.each(both)(
      "GIVEN %s THEN the ALB has a WebSocket-friendly idle timeout, drops invalid headers and sends access logs to the log bucket",
      (_name, json) => {
        expect(resource(json, "aws_lb.alb")).toMatchObject({
          idle_timeout: 300,
          drop_invalid_header_fields: true,
          access_logs: { bucket: "${aws_s3_bucket.log-bucket.bucket}", enabled: true },
        });
      },
    );

    test("GIVEN prod and dev THEN deletion protection is on in prod and off in dev", () => {
      expect(resource(prod, "aws_lb.alb").enable_deletion_protection).toBe(true);
      expect(resource(dev, "aws_lb.alb").enable_deletion_protection).toBe(false);
    });

    test("GIVEN the api host THEN the API certificate is DNS-validated in the configured zone", () => {
      expect(resource(prod, "aws_acm_certificate.api-certificate")).toMatchObject({
        domain_name: "api.plane.treasury.gov",
        validation_method: "DNS",
      });
    });

    test.each(["alb-waf", "cloudfront-waf"])(
      "GIVEN prod's %s THEN bodies over 8 KB pass on /api/ only, declared bodies over nginx's 25 MiB are refused, and sign-in has the stricter limit",
      (acl) => {
        const rules = JSON.parse(String(resource(prod, `aws_wafv2_web_acl.${acl}`).rule_json)) as {
          Name: string;
          Statement: JsonTree;
        }[];
        const byName = (name: string) => rules.find((rule) => rule.Name === name)!.Statement;
        expect(byName("AWSManagedRulesCommonRuleSet").ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
          { Name: "SizeRestrictions_BODY", ActionToUse: { Count: {} } },
        ]);
        expect(
          byName("body-over-8kb-outside-body-paths").AndStatement.Statements[1].NotStatement.Statement.ByteMatchStatement.SearchString,
        ).toBe("/api/");
        const tooLarge = new RegExp(byName("max-request-body").RegexMatchStatement.RegexString);
        const nginxLimit = MAX_REQUEST_BODY_MB * 1024 ** 2;
        expect([tooLarge.test(String(nginxLimit)), tooLarge.test(String(nginxLimit + 1))]).toEqual([false, true]);
        const signIn = byName("rate-limit-sign-in").RateBasedStatement;
        expect(signIn.Limit).toBe(100);
        expect(JSON.stringify(signIn.ScopeDownStatement)).toContain('"SearchString":"/oidc/"');
        expect(byName("rate-limit-per-ip").RateBasedStatement.Limit).toBe(2000);
      },
    );

    test("GIVEN prod and dev THEN a WAF protects the ALB and the distributions in prod only (not in the document; a config switch)", () => {
      expect(resource(prod, "aws_wafv2_web_acl_association.alb-waf_alb").resource_arn).toBe("${aws_lb.alb.arn}");
      expect(resource(prod, "aws_cloudfront_distribution.web_distribution").web_acl_id).toBe("${aws_wafv2_web_acl.cloudfront-waf.arn}");
      expect(resources(dev, "aws_wafv2_web_acl")).toEqual({});
    });
  });

  describe("Elastic Beanstalk", () => {
    test.each(both)(
      "GIVEN %s THEN Beanstalk is attached to the ALB as a shared load balancer, routing the api host on the 443 listener",
      (name, json) => {
        expect(envSettings(json)).toMatchObject({
          "aws:elasticbeanstalk:environment/LoadBalancerIsShared": "true",
          "aws:elbv2:loadbalancer/SharedLoadBalancer": "${aws_lb.alb.arn}",
          "aws:elbv2:loadbalancer/SecurityGroups": "${aws_security_group.alb-sg.id}",
          "aws:elbv2:listener:443/Rules": "default,domain",
          "aws:elbv2:listenerrule:domain/HostHeaders": name === "prod" ? "api.plane.treasury.gov" : "api.dev.plane.treasury.gov",
          "aws:autoscaling:launchconfiguration/SecurityGroups": "${aws_security_group.beanstalk-sg.id}",
        });
      },
    );

    test.each(both)("GIVEN %s THEN 2-4 instances run in the private subnets, no public IPs, logs kept 90 days", (_name, json) => {
      expect(envSettings(json)).toMatchObject({
        "aws:autoscaling:asg/MinSize": "2",
        "aws:autoscaling:asg/MaxSize": "4",
        "aws:ec2:vpc/AssociatePublicIpAddress": "false",
      });
      expect(resource(json, "aws_elastic_beanstalk_environment.beanstalk").name).toBe(`treasury-plane-${_name}`);
    });

    test("GIVEN the Beanstalk environment THEN endpoints, its database role and secret ARNs are SSM parameters it reads at run time; its properties hold the path and fixed values only", () => {
      expect(parameters(prod)).toEqual({
        DB_HOST: "${aws_rds_cluster.aurora.endpoint}",
        DB_READER_HOST: "${aws_rds_cluster.aurora.reader_endpoint}",
        DB_PORT: "5432",
        DB_NAME: "treasury_plane",
        DB_USER: "treasury_app",
        DJANGO_SECRET_KEY_SECRET_ARN: "${aws_secretsmanager_secret.secrets_django-secret-key.arn}",
        OIDC_CREDENTIALS_SECRET_ARN: "${aws_secretsmanager_secret.secrets_oidc-credentials.arn}",
        APP_CONFIG_SECRET_ARN: "${aws_secretsmanager_secret.secrets_app-config.arn}",
        ORIGIN_VERIFY_SECRET_ARN: "${aws_secretsmanager_secret.secrets_origin-verify.arn}",
      });
      const properties = Object.fromEntries(
        Object.entries(envSettings(prod))
          .filter(([key]) => key.startsWith("aws:elasticbeanstalk:application:environment/"))
          .map(([key, value]) => [key.split("/")[1], value]),
      );
      expect(Object.keys(properties).sort()).toEqual([
        "API_URL_LOGIN_GOV",
        "API_URL_PIV",
        "APP_ENVIRONMENT",
        "APP_PARAMETERS_PATH",
        "AWS_REGION",
        // Read by the platform's prebuild hook before Django runs.
        "ORIGIN_VERIFY_SECRET_ARN",
        "PIV_CLIENT_CERT_HEADER",
      ]);
      expect(properties.APP_PARAMETERS_PATH).toBe("/treasury-plane/prod");
    });
  });

  describe("Aurora", () => {
    test.each(both)(
      "GIVEN %s THEN Aurora is Serverless v2 0.5-4 ACU, newest PostgreSQL 15.x, writer + reader, KMS, 7-day backups, private",
      (_name, json) => {
        expect(json.data?.aws_rds_engine_version?.["aurora_engine-version"]).toMatchObject({
          engine: "aurora-postgresql",
          parameter_group_family: "aurora-postgresql15",
          latest: true,
        });
        expect(resource(json, "aws_rds_cluster.aurora")).toMatchObject({
          engine_version: "${data.aws_rds_engine_version.aurora_engine-version.version_actual}",
          lifecycle: { ignore_changes: ["engine_version"] },
          serverlessv2_scaling_configuration: { min_capacity: 0.5, max_capacity: 4 },
          storage_encrypted: true,
          backup_retention_period: 7,
        });
        const instances = Object.values(resources(json, "aws_rds_cluster_instance"));
        expect(instances.map((i) => i.availability_zone)).toEqual(["us-east-1a", "us-east-1b"]);
        for (const instance of instances) expect(instance.publicly_accessible).toBe(false);
      },
    );

    test("GIVEN prod and dev THEN prod is deletion-protected; both tiers leave a final snapshot and keep automated backups when the cluster goes", () => {
      expect(resource(prod, "aws_rds_cluster.aurora")).toMatchObject({ deletion_protection: true, skip_final_snapshot: false });
      expect(resource(dev, "aws_rds_cluster.aurora")).toMatchObject({ deletion_protection: false, skip_final_snapshot: false });
    });

    test("GIVEN prod THEN the final snapshot is named per incarnation (a terraform_data suffix renewed by a replacement), so a second deletion never finds its name taken", () => {
      expect(resource(prod, "aws_rds_cluster.aurora").final_snapshot_identifier).toBe(
        "treasury-plane-prod-aurora-final-${substr(terraform_data.aurora_final-snapshot-suffix.id, 0, 8)}",
      );
      expect(resource(prod, "terraform_data.aurora_final-snapshot-suffix").triggers_replace).toEqual({
        identifier: "treasury-plane-prod-aurora",
        databaseName: "treasury_plane",
        masterUsername: "treasury_admin",
        restoredFrom: "",
      });
      const restored = synth("prod", { database: { restoreFromSnapshot: "treasury-plane-prod-before-upgrade" } });
      expect(resource(restored, "aws_rds_cluster.aurora").snapshot_identifier).toBe("treasury-plane-prod-before-upgrade");
      expect(resource(restored, "terraform_data.aurora_final-snapshot-suffix").triggers_replace).toMatchObject({
        restoredFrom: "treasury-plane-prod-before-upgrade",
      });
    });

    test("GIVEN the bootstrap output THEN it creates Django's IAM-authenticated role through the Data API, with the document's extensions", () => {
      expect(resource(prod, "aws_rds_cluster.aurora").enable_http_endpoint).toBe(true);
      expect(prod.output?.database_bootstrap_statements.value).toEqual([
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'treasury_app') THEN CREATE ROLE treasury_app LOGIN; END IF; END $$",
        "GRANT rds_iam TO treasury_app",
        "GRANT CONNECT ON DATABASE treasury_plane TO treasury_app",
        "GRANT USAGE, CREATE ON SCHEMA public TO treasury_app",
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE EXTENSION IF NOT EXISTS pg_cron",
        "GRANT USAGE ON SCHEMA cron TO treasury_app",
      ]);
      for (const json of [dev, prod]) expect(resource(json, "aws_rds_cluster.aurora").delete_automated_backups).toBe(false);
    });
  });

  describe("frontends", () => {
    test("GIVEN prod THEN web., admin. and space.plane.treasury.gov are served from private buckets over TLS 1.3 only (the document's TLS 1.3)", () => {
      for (const site of ["web", "admin", "space"]) {
        const distribution = resource(prod, `aws_cloudfront_distribution.${site}_distribution`);
        expect(distribution.aliases).toEqual([`${site}.plane.treasury.gov`]);
        expect(distribution.viewer_certificate).toMatchObject({ minimum_protocol_version: "TLSv1.3_2025", ssl_support_method: "sni-only" });
        expect(bucketNames(prod)[`${site}_bucket`]).toBe(`treasury-plane-${site}-prod-111122223333`);
      }
      expect(resource(prod, "aws_acm_certificate.frontend-certificate")).toMatchObject({
        domain_name: "web.plane.treasury.gov",
        subject_alternative_names: ["admin.plane.treasury.gov", "space.plane.treasury.gov"],
      });
    });

    test.each(both)(
      "GIVEN %s THEN site buckets are SSE-KMS with the frontend key, which only their distributions may decrypt with",
      (_name, json) => {
        const decrypters = policy(resource(json, "aws_kms_key.frontend-key").policy).Statement.filter((s) => s.Action === "kms:Decrypt");
        expect(decrypters.map((s) => (s.Condition as Record<string, Record<string, string>>).StringEquals["AWS:SourceArn"])).toEqual([
          "${aws_cloudfront_distribution.web_distribution.arn}",
          "${aws_cloudfront_distribution.admin_distribution.arn}",
          "${aws_cloudfront_distribution.space_distribution.arn}",
        ]);
        const encryption = resource(json, "aws_s3_bucket_server_side_encryption_configuration.web_bucket_encryption").rule as Record<
          string,
          Record<string, string>
        >[];
        expect(encryption[0].apply_server_side_encryption_by_default).toEqual({
          sse_algorithm: "aws:kms",
          kms_master_key_id: "${aws_kms_key.frontend-key.arn}",
        });
      },
    );

    test.each(["web", "admin", "space"])(
      "GIVEN prod's %s site THEN its distribution fails over to the us-west-2 replica on 5xx, 403 and 404, and only it may read the replica and its key",
      (site) => {
        const distribution = resource(prod, `aws_cloudfront_distribution.${site}_distribution`);
        expect(distribution.origin_group).toEqual([
          {
            origin_id: "s3-failover",
            failover_criteria: { status_codes: [403, 404, 500, 502, 503, 504] },
            member: [{ origin_id: "s3-site" }, { origin_id: "s3-replica" }],
          },
        ]);
        expect((distribution.origin as Record<string, unknown>[])[1]).toEqual({
          origin_id: "s3-replica",
          domain_name: `\${aws_s3_bucket.${site}_replica.bucket_regional_domain_name}`,
          origin_access_control_id: `\${aws_cloudfront_origin_access_control.${site}_origin-access-control.id}`,
        });
        const thisDistribution = { StringEquals: { "AWS:SourceArn": `\${aws_cloudfront_distribution.${site}_distribution.arn}` } };
        expect(policy(resource(prod, `aws_s3_bucket_policy.${site}_replica_policy`).policy).Statement).toContainEqual(
          expect.objectContaining({ Action: "s3:GetObject", Condition: thisDistribution }),
        );
        expect(policy(resource(prod, `aws_kms_key.${site}_replica-key`).policy).Statement).toContainEqual(
          expect.objectContaining({
            Action: "kms:Decrypt",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Condition: thisDistribution,
          }),
        );
        expect(resource(dev, `aws_cloudfront_distribution.${site}_distribution`).origin_group).toBeUndefined();
      },
    );

    test("GIVEN prod and dev THEN prod replicates the site buckets to us-west-2; dev does not", () => {
      expect(Object.keys(resources(prod, "aws_s3_bucket_replication_configuration"))).toHaveLength(3);
      expect(resource(prod, "aws_s3_bucket.web_replica").provider).toBe("aws.us_west_2");
      expect(prod.provider?.aws).toEqual(expect.arrayContaining([expect.objectContaining({ alias: "us_west_2", region: "us-west-2" })]));
      expect(resources(dev, "aws_s3_bucket_replication_configuration")).toEqual({});
    });

    test("GIVEN prod and dev THEN prod's replica buckets log server access to a log bucket in us-west-2, their own region; dev has neither", () => {
      expect(resource(prod, "aws_s3_bucket.replica-log-bucket")).toMatchObject({
        provider: "aws.us_west_2",
        lifecycle: { prevent_destroy: true },
      });
      for (const site of ["web", "admin", "space"]) {
        expect(resource(prod, `aws_s3_bucket_logging.${site}_replica_access-logging`)).toMatchObject({
          provider: "aws.us_west_2",
          bucket: `\${aws_s3_bucket.${site}_replica.id}`,
          target_bucket: "${aws_s3_bucket.replica-log-bucket.id}",
        });
      }
      // S3 server access logs need SSE-S3 on the target.
      expect(resource(prod, "aws_s3_bucket_server_side_encryption_configuration.replica-log-bucket_encryption").rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
      ]);
      expect(resources(dev, "aws_s3_bucket")["replica-log-bucket"]).toBeUndefined();
    });

    test("GIVEN prod and dev THEN prod buckets refuse terraform destroy; dev buckets can be torn down", () => {
      for (const [address, bucket] of Object.entries(resources(prod, "aws_s3_bucket"))) {
        expect({ address, lifecycle: bucket.lifecycle }).toEqual({ address, lifecycle: { prevent_destroy: true } });
      }
      expect(resource(dev, "aws_s3_bucket.web_bucket").lifecycle).toBeUndefined();
      expect(resource(dev, "aws_s3_bucket.log-bucket").lifecycle).toBeUndefined();
    });

    test.each(both)("GIVEN %s THEN every site bucket logs its S3 access to the log bucket", (_name, json) => {
      for (const site of ["web", "admin", "space"]) {
        expect(resource(json, `aws_s3_bucket_logging.${site}_bucket_access-logging`).target_bucket).toBe("${aws_s3_bucket.log-bucket.id}");
      }
    });

    test.each(both)("GIVEN %s THEN every bucket blocks all public access", (_name, json) => {
      const buckets = Object.keys(resources(json, "aws_s3_bucket"));
      const blocks = Object.values(resources(json, "aws_s3_bucket_public_access_block"));
      expect(blocks).toHaveLength(buckets.length);
      for (const block of blocks) {
        expect(block).toMatchObject({
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        });
      }
    });
  });

  describe("monitoring and audit", () => {
    test.each(both)(
      "GIVEN %s THEN the document's four alarms and what users feel alarm, each reachable, with its missing-data treatment, all notifying the SNS topic",
      (name, json) => {
        const alarms = resources(json, "aws_cloudwatch_metric_alarm");
        const summary = Object.fromEntries(
          Object.entries(alarms).map(([address, a]) => [
            address.replace("alarms_", ""),
            [
              a.metric_name,
              a.comparison_operator,
              a.threshold,
              a.statistic ?? a.extended_statistic,
              Number(a.period) * Number(a.evaluation_periods),
              a.treat_missing_data,
            ],
          ]),
        );
        expect(summary).toEqual({
          "beanstalk-cpu-high": ["CPUUtilization", "GreaterThanThreshold", 80, "Average", 300, "missing"],
          "alb-target-5xx": ["HTTPCode_Target_5XX_Count", "GreaterThanThreshold", 10, "Sum", 60, "notBreaching"],
          // 90% of the 823 connections Aurora allows at 0.5-4 ACU: the document's 4500 could never be reached.
          "aurora-connections-high": ["DatabaseConnections", "GreaterThanThreshold", 740, "Maximum", 60, "missing"],
          "aurora-capacity-at-max": ["ServerlessDatabaseCapacity", "GreaterThanOrEqualToThreshold", 4, "Minimum", 600, "missing"],
          // What users feel: the ALB answering 5xx itself, no healthy target per process, slow responses,
          // failing handshakes on the mutual-TLS listener, and the environment's own health (Degraded = 20).
          "alb-elb-5xx": ["HTTPCode_ELB_5XX_Count", "GreaterThanThreshold", 10, "Sum", 120, "notBreaching"],
          "alb-default-no-healthy-hosts": ["HealthyHostCount", "LessThanThreshold", 1, "Minimum", 120, "breaching"],
          "alb-logingov-no-healthy-hosts": ["HealthyHostCount", "LessThanThreshold", 1, "Minimum", 120, "breaching"],
          "alb-response-time-p95": ["TargetResponseTime", "GreaterThanThreshold", 1, "p95", 900, "notBreaching"],
          "alb-client-tls-errors": ["ClientTLSNegotiationErrorCount", "GreaterThanThreshold", 100, "Sum", 600, "notBreaching"],
          "beanstalk-health": ["EnvironmentHealth", "GreaterThanOrEqualToThreshold", 20, "Maximum", 300, "breaching"],
        });
        // Each process's target group is Beanstalk's own, found by its tags; the PIV process is Beanstalk's "default".
        expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_alb-logingov-no-healthy-hosts").dimensions).toEqual({
          LoadBalancer: "${aws_lb.alb.arn_suffix}",
          TargetGroup: "${data.aws_lb_target_group.beanstalk_logingov-target-group.arn_suffix}",
        });
        expect(json.data?.aws_lb_target_group?.["beanstalk_default-target-group"]?.tags).toEqual({
          "elasticbeanstalk:environment-id": "${aws_elastic_beanstalk_environment.beanstalk.id}",
          "aws:cloudformation:logical-id": "AWSEBV2LoadBalancerTargetGroup",
        });
        for (const alarm of Object.values(alarms)) expect(alarm.alarm_actions).toEqual(["${aws_sns_topic.alarms.arn}"]);
        expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_beanstalk-cpu-high").dimensions).toEqual({
          AutoScalingGroupName: "${element(aws_elastic_beanstalk_environment.beanstalk.autoscaling_groups, 0)}",
        });
        expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_alb-target-5xx").dimensions).toEqual({
          LoadBalancer: "${aws_lb.alb.arn_suffix}",
        });
        expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_aurora-capacity-at-max").dimensions).toEqual({
          DBClusterIdentifier: `treasury-plane-${name}-aurora`,
        });
      },
    );

    test("GIVEN prod THEN alarms reach the configured subscriber and high-severity GuardDuty findings reach the same topic; dev has no subscriber", () => {
      expect(resource(prod, "aws_sns_topic_subscription.alarms_email-1")).toMatchObject({
        protocol: "email",
        endpoint: "alarms@example.com",
      });
      expect(resources(dev, "aws_sns_topic_subscription")).toEqual({});
      expect(resource(prod, "aws_cloudwatch_event_target.alarms_guardduty-findings-target").arn).toBe("${aws_sns_topic.alarms.arn}");
      const publishers = policy(resource(prod, "aws_sns_topic_policy.alarms_policy").policy).Statement.map(
        (statement) => statement.Principal,
      );
      expect(publishers).toEqual([{ Service: "cloudwatch.amazonaws.com" }, { Service: "events.amazonaws.com" }]);
    });

    test("GIVEN a configured ACU ceiling THEN the capacity alarm follows it", () => {
      const json = synth("dev", { database: { maxCapacity: 16 } });
      expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_aurora-capacity-at-max").threshold).toBe(16);
    });

    test.each([
      [{ maxCapacity: 16 }, 1800],
      [{ minCapacity: 1, maxCapacity: 128 }, 4500],
      [{ maxCapacity: 4, connectionsAlarmPercent: 80 }, 658],
    ])("GIVEN capacity range %j THEN the connections alarm follows it and fires above %d", (database, threshold) => {
      const json = synth("dev", { database });
      expect(resource(json, "aws_cloudwatch_metric_alarm.alarms_aurora-connections-high")).toMatchObject({
        threshold,
        dimensions: { DBClusterIdentifier: "treasury-plane-dev-aurora" },
      });
    });

    test.each(both)("GIVEN %s THEN Aurora preloads pgAudit and logs DDL and role changes to its exported PostgreSQL log", (_name, json) => {
      const parameters = resource(json, "aws_rds_cluster_parameter_group.aurora_parameter-group").parameter as {
        name: string;
        value: string;
      }[];
      expect(parameters).toContainEqual(
        expect.objectContaining({ name: "shared_preload_libraries", value: "pg_stat_statements,pg_cron,pgaudit" }),
      );
      expect(parameters).toContainEqual(expect.objectContaining({ name: "pgaudit.log", value: "ddl,role" }));
      expect(resource(json, "aws_rds_cluster.aurora").enabled_cloudwatch_logs_exports).toEqual(["postgresql"]);
    });

    test.each([
      ["dev", dev, 90],
      ["prod", prod, 90],
    ] as const)("GIVEN %s THEN every log group, the streamed Beanstalk logs and the log bucket keep %d days", (_name, json, days) => {
      const groups = Object.values(resources(json, "aws_cloudwatch_log_group"));
      expect(groups.length).toBeGreaterThanOrEqual(3);
      for (const group of groups) expect(group.retention_in_days).toBe(days);
      expect(envSettings(json)["aws:elasticbeanstalk:cloudwatch:logs/RetentionInDays"]).toBe(String(days));
      expect(
        (resource(json, "aws_s3_bucket_lifecycle_configuration.log-bucket_lifecycle").rule as { expiration: unknown }[])[0].expiration,
      ).toEqual([{ days }]);
    });

    test("GIVEN prod THEN it passes the guardrails; the only exceptions are the reviewed, reasoned suppressions", () => {
      const report = reports.get("prod")!;
      expect(blockingFindings(report)).toEqual([]);
      const suppressed = report.findings.filter((finding) => finding.suppressedBy).map((finding) => `${finding.address} ${finding.ruleId}`);
      expect(suppressed.sort()).toEqual(PROD_SUPPRESSIONS);
      for (const finding of report.findings.filter((f) => f.suppressedBy)) expect(finding.suppressedBy!.reason.length).toBeGreaterThan(30);
    });

    test("GIVEN dev THEN it passes the guardrails' always-error rules", () => {
      expect(blockingFindings(reports.get("dev")!)).toEqual([]);
    });

    test.each(both)(
      "GIVEN %s THEN log groups are KMS-encrypted, the flow log's with the ops key that admits CloudWatch Logs once",
      (_name, json) => {
        for (const [address, group] of Object.entries(resources(json, "aws_cloudwatch_log_group"))) {
          expect({ address, key: group.kms_key_id }).toEqual({ address, key: expect.stringMatching(/^\$\{aws_kms_key\./) });
        }
        expect(resource(json, "aws_cloudwatch_log_group.network_flow-log-group").kms_key_id).toBe("${aws_kms_key.ops-key.arn}");
        const sids = policy(resource(json, "aws_kms_key.ops-key").policy).Statement.map((s) => s.Sid);
        expect(sids.filter((sid) => sid === "CloudWatchLogs")).toHaveLength(1);
      },
    );

    test.each(both)("GIVEN %s THEN a multi-region CloudTrail trail has log file validation and is KMS-encrypted", (_name, json) => {
      expect(resource(json, "aws_cloudtrail.audit-trail")).toMatchObject({
        is_multi_region_trail: true,
        enable_log_file_validation: true,
        kms_key_id: "${aws_kms_key.ops-key.arn}",
      });
      // The key policy's CloudTrail statements, as AWS documents them: describing the key carries no context.
      const statements = policy(resource(json, "aws_kms_key.ops-key").policy).Statement;
      expect(statements.filter((s) => (s.Principal as { Service?: string })?.Service === "cloudtrail.amazonaws.com")).toEqual([
        expect.objectContaining({
          Sid: "CloudTrailEncryptLogs",
          Action: "kms:GenerateDataKey*",
          Condition: expect.objectContaining({ StringLike: expect.any(Object) }),
        }),
        {
          Sid: "CloudTrailDescribeKey",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "kms:DescribeKey",
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceArn": expect.stringMatching(/:trail\/treasury-plane-(dev|prod)-audit$/) } },
        },
      ]);
    });

    test("GIVEN prod with the organization trail THEN it has no trail, trail bucket or CloudTrail key statement of its own", () => {
      const json = synth("prod", { cloudTrail: "organization" });
      expect(resources(json, "aws_cloudtrail")).toEqual({});
      expect(Object.keys(resources(json, "aws_s3_bucket"))).not.toContain("audit-trail_bucket");
      const sids = policy(resource(json, "aws_kms_key.ops-key").policy).Statement.map((s) => s.Sid);
      expect(sids.filter((sid) => String(sid).startsWith("CloudTrail"))).toEqual([]);
      // The rest of the document's monitoring stays.
      expect(Object.keys(resources(json, "aws_cloudwatch_metric_alarm"))).toHaveLength(
        Object.keys(resources(prod, "aws_cloudwatch_metric_alarm")).length,
      );
    });
  });

  test.each(both)("GIVEN %s THEN outputs carry what the deploy workflow needs", (_name, json) => {
    expect(Object.keys(json.output ?? {})).toEqual(
      expect.arrayContaining([
        "frontend_buckets",
        "frontend_distribution_ids",
        "beanstalk_application_name",
        "beanstalk_environment_name",
        "alb_dns_name",
        "aurora_endpoint",
        "aurora_reader_endpoint",
        "aurora_master_secret_arn",
        "secret_arns",
      ]),
    );
    expect(json.output?.frontend_distribution_ids.value).toEqual({
      web: "${aws_cloudfront_distribution.web_distribution.id}",
      admin: "${aws_cloudfront_distribution.admin_distribution.id}",
      space: "${aws_cloudfront_distribution.space_distribution.id}",
    });
  });
});

describe("bucket names", () => {
  test.each(both)(
    "GIVEN %s THEN every bucket is <bucketNamePrefix>-<purpose>-<env>-<account id>, so no other account's bucket can take it",
    (name, json) => {
      const buckets = Object.values(resources(json, "aws_s3_bucket")).map((bucket) => String(bucket.bucket));
      expect(buckets.filter((bucket) => !bucket.endsWith("-${data.aws_caller_identity.current-account.account_id}"))).toEqual([]);
      const seedLike = (bucket: string) => bucket.startsWith("treasury-plane-") && bucket.endsWith(`-${name}-111122223333`);
      expect(Object.values(bucketNames(json)).filter((bucket) => !seedLike(bucket))).toEqual([]);
    },
  );

  test("GIVEN the longest prefix (19) and environment, replicas and a PEM trust store THEN every bucket name fits S3's 63 characters and every role name IAM's 64", () => {
    // 13 characters: the longest environment whose `treasury-plane-<env>-alb` fits the ALB's 32-character name.
    const environment = "abcdefghijklm";
    const pemFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pki-")), "ca.pem");
    fs.writeFileSync(pemFile, "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n");
    const input = { ...readJson("treasury-plane-prod.json"), bucketNamePrefix: "a".repeat(19), mutualTls: { caBundle: { pemFile } } };
    // Development tier: the guardrails refuse the PEM upload bucket in production (no KMS, no access log), not a naming matter.
    input.tier = "development";
    const config = parseConfig("treasury-plane-longest.json", input, schema);
    const json = synthesize(new TreasuryPlaneStack(Testing.app(), `treasury-plane-${environment}`, { environment, config }));
    const names = bucketNames(json);
    expect(Object.keys(names)).toEqual(
      expect.arrayContaining(["space_replica", "log-bucket", "audit-trail_bucket", "mtls-trust-store_bundle-bucket"]),
    );
    expect(names.space_replica).toBe(`${"a".repeat(19)}-space-replica-${environment}-111122223333`);
    expect(Object.values(names).filter((bucket) => bucket.length > 63)).toEqual([]);
    expect(Object.values(resources(json, "aws_iam_role")).filter((role) => String(role.name).length > 64)).toEqual([]);
  });

  test("GIVEN a bucketNamePrefix one character too long for the longest bucket name THEN the config is refused, naming the limit", () => {
    expect(() =>
      parseConfig("treasury-plane-dev.json", { ...readJson("treasury-plane-dev.json"), bucketNamePrefix: "a".repeat(20) }, schema),
    ).toThrow(/bucketNamePrefix = "a{20}": must be 2-19 lowercase letters, digits and hyphens, so the longest bucket name/);
  });
});

describe("treasury-plane-prod, through cdktf's Testing matchers", () => {
  const text = JSON.stringify(prod);

  test("GIVEN prod THEN the API listener verifies PIV/CAC client certificates against the trust store with TLS 1.2+", () => {
    expect(text).toHaveResourceWithProperties(LbListener, {
      port: 443,
      protocol: "HTTPS",
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      // Nested blocks are compared whole.
      mutual_authentication: {
        mode: "verify",
        trust_store_arn: "${aws_lb_trust_store.mtls-trust-store.arn}",
        ignore_client_certificate_expiry: false,
      },
    });
    expect(text).toHaveResource(LbTrustStore);
  });

  test("GIVEN prod THEN Aurora is deletion-protected with a final snapshot, and no secret has a value in Terraform", () => {
    expect(text).toHaveResourceWithProperties(RdsCluster, {
      deletion_protection: true,
      skip_final_snapshot: false,
      storage_encrypted: true,
    });
    expect(text).not.toHaveResource(SecretsmanagerSecretVersion);
  });
});
