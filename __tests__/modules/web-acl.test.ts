import { KmsKey } from "../../modules/kms-key";
import { BODY_SIZE_RULE, cloudFrontWebAcl, integerAboveRegex, loadBalancerWebAcl, WebAcl, WebAclProps } from "../../modules/web-acl";
import { JsonTree, moduleTestStack, resource, resources, synthModule } from "../support/synth";

type Rule = { Name: string; Priority: number; Action?: unknown; Statement: JsonTree };
/** The synthesized rules of a regional ACL built with `props`, and the stack's JSON. */
function aclRules(props: Partial<WebAclProps> = {}) {
  const { json } = synthModule((stack) => new WebAcl(stack, "waf", { name: "w", scope: "REGIONAL", ...props }));
  const rules = JSON.parse(String(resource(json, "aws_wafv2_web_acl.waf").rule_json)) as Rule[];
  return { json, rules, byName: (name: string) => rules.find((rule) => rule.Name === name)! };
}

describe("WebAcl", () => {
  test("GIVEN a web ACL THEN managed rule groups run before a per-IP rate limit, and requests are logged", () => {
    const { json } = synthModule((stack) => {
      const acl = new WebAcl(stack, "waf", { name: "test-waf", scope: "REGIONAL", rateLimitPerFiveMinutes: 1000 });
      acl.associate("alb-association", "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/x/1");
      return acl;
    });
    const acl = resource(json, "aws_wafv2_web_acl.waf");
    expect(acl).toMatchObject({ name: "test-waf", scope: "REGIONAL", default_action: { allow: {} } });
    const rules = JSON.parse(String(acl.rule_json));
    expect(rules.map((r: { Name: string }) => r.Name)).toEqual([
      "AWSManagedRulesCommonRuleSet",
      "AWSManagedRulesKnownBadInputsRuleSet",
      "AWSManagedRulesAmazonIpReputationList",
      "rate-limit-per-ip",
    ]);
    expect(rules.map((r: { Priority: number }) => r.Priority)).toEqual([0, 1, 2, 3]);
    expect(rules[3].Statement.RateBasedStatement.Limit).toBe(1000);
    // Without body paths the 8 KB body rule blocks as AWS ships it.
    expect(rules[0].Statement.ManagedRuleGroupStatement.RuleActionOverrides).toBeUndefined();
    expect(resource(json, "aws_cloudwatch_log_group.waf_log-group").name).toBe("aws-waf-logs-test-waf");
    expect(resource(json, "aws_wafv2_web_acl_logging_configuration.waf_logging").resource_arn).toBe("${aws_wafv2_web_acl.waf.arn}");
    expect(resource(json, "aws_wafv2_web_acl_association.waf_alb-association").web_acl_arn).toBe("${aws_wafv2_web_acl.waf.arn}");
  });

  test("GIVEN hosts exempt from the rate limit (a CDN's traffic) THEN the per-IP limit counts every other Host only; without them it counts all", () => {
    const rateRule = (exempt?: string[]) => {
      const { json } = synthModule((stack) => new WebAcl(stack, "waf", { name: "w", scope: "REGIONAL", rateLimitExemptHosts: exempt }));
      return (
        JSON.parse(String(resource(json, "aws_wafv2_web_acl.waf").rule_json)) as {
          Name: string;
          Statement: { RateBasedStatement: Record<string, unknown> };
        }[]
      ).find((rule) => rule.Name === "rate-limit-per-ip")!.Statement.RateBasedStatement;
    };
    expect(rateRule(["Login.Example.gov"]).ScopeDownStatement).toEqual({
      NotStatement: {
        Statement: {
          ByteMatchStatement: {
            FieldToMatch: { SingleHeader: { Name: "host" } },
            PositionalConstraint: "EXACTLY",
            SearchString: "login.example.gov",
            TextTransformations: [{ Priority: 0, Type: "LOWERCASE" }],
          },
        },
      },
    });
    expect(
      (
        rateRule(["a.example.gov", "b.example.gov"]).ScopeDownStatement as {
          NotStatement: { Statement: { OrStatement: { Statements: unknown[] } } };
        }
      ).NotStatement.Statement.OrStatement.Statements,
    ).toHaveLength(2);
    expect(rateRule().ScopeDownStatement).toBeUndefined();
  });

  test("GIVEN body paths THEN SizeRestrictions_BODY only counts, and a rule of ours blocks its label on every other (decoded, normalized) path", () => {
    const { rules, byName } = aclRules({ bodyPaths: ["/api/", "/uploads/"] });
    expect(rules.map((rule) => rule.Name)).toEqual([
      "AWSManagedRulesCommonRuleSet",
      "AWSManagedRulesKnownBadInputsRuleSet",
      "AWSManagedRulesAmazonIpReputationList",
      "body-over-8kb-outside-body-paths",
      "rate-limit-per-ip",
    ]);
    expect(byName("AWSManagedRulesCommonRuleSet").Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: "SizeRestrictions_BODY", ActionToUse: { Count: {} } },
    ]);
    const reblock = byName("body-over-8kb-outside-body-paths");
    expect(reblock.Action).toEqual({ Block: {} });
    const [label, outside] = reblock.Statement.AndStatement.Statements;
    expect(label).toEqual({ LabelMatchStatement: { Scope: "LABEL", Key: BODY_SIZE_RULE.label } });
    const paths = outside.NotStatement.Statement.OrStatement.Statements;
    expect(paths.map((p: JsonTree) => [p.ByteMatchStatement.SearchString, p.ByteMatchStatement.PositionalConstraint])).toEqual([
      ["/api/", "STARTS_WITH"],
      ["/uploads/", "STARTS_WITH"],
    ]);
    expect(paths[0].ByteMatchStatement.TextTransformations.map((t: { Type: string }) => t.Type)).toEqual(["URL_DECODE", "NORMALIZE_PATH"]);
  });

  test("GIVEN a maximum body size THEN the first rule blocks a declared Content-Length above it and nothing at or below it", () => {
    const maximum = 25 * 1024 * 1024;
    const { rules } = aclRules({ maxRequestBodyMb: 25 });
    expect(rules[0]).toMatchObject({ Name: "max-request-body", Priority: 0, Action: { Block: {} } });
    const match = rules[0].Statement.RegexMatchStatement;
    expect(match.FieldToMatch).toEqual({ SingleHeader: { Name: "content-length" } });
    const blocks = (length: string) => new RegExp(match.RegexString).test(length);
    expect([String(maximum + 1), "26214401", "99999999", "100000000", "0026214401"].map(blocks)).toEqual([true, true, true, true, true]);
    expect([String(maximum), "26214399", "8192", "0", "026214400"].map(blocks)).toEqual([false, false, false, false, false]);
  });

  test.each([1, 9, 10, 8193, 26214400, 99999, 100000, 104857600])(
    "GIVEN %d THEN integerAboveRegex matches exactly the larger numbers",
    (limit) => {
      const regex = new RegExp(integerAboveRegex(limit));
      const samples = [0, 1, limit - 1, limit, limit + 1, limit * 10, Math.floor(limit / 7), limit + 13, 10 ** String(limit).length];
      expect(samples.filter((value) => value >= 0 && regex.test(String(value)) !== value > limit)).toEqual([]);
    },
  );

  test("GIVEN sign-in paths, exempt hosts and an agency range THEN sign-in gets the stricter limit on its paths, and neither limit counts the host or the range", () => {
    const { json, byName } = aclRules({
      rateLimitPerFiveMinutes: 5000,
      signInPaths: ["/oidc/"],
      signInRateLimitPerFiveMinutes: 50,
      rateLimitExemptHosts: ["login.example.gov"],
      rateLimitExemptCidrs: ["198.51.100.0/24"],
    });
    expect(resource(json, "aws_wafv2_ip_set.waf_rate-limit-exempt")).toMatchObject({
      name: "w-rate-limit-exempt",
      scope: "REGIONAL",
      ip_address_version: "IPV4",
      addresses: ["198.51.100.0/24"],
    });
    const signIn = byName("rate-limit-sign-in").Statement.RateBasedStatement;
    expect(signIn.Limit).toBe(50);
    const [paths, notHost, notRange] = signIn.ScopeDownStatement.AndStatement.Statements;
    expect(paths.ByteMatchStatement.SearchString).toBe("/oidc/");
    expect(notHost.NotStatement.Statement.ByteMatchStatement.SearchString).toBe("login.example.gov");
    expect(notRange).toEqual({
      NotStatement: { Statement: { IPSetReferenceStatement: { ARN: "${aws_wafv2_ip_set.waf_rate-limit-exempt.arn}" } } },
    });
    const general = byName("rate-limit-per-ip").Statement.RateBasedStatement;
    expect(general.Limit).toBe(5000);
    expect(general.ScopeDownStatement.AndStatement.Statements).toEqual([notHost, notRange]);
  });

  test("GIVEN no exempt ranges THEN no IP set is created", () => {
    expect(resources(aclRules().json, "aws_wafv2_ip_set")).toEqual({});
  });

  test.each([
    [
      { signInPaths: ["/login"], signInRateLimitPerFiveMinutes: 2000 },
      "signInRateLimitPerFiveMinutes = 2000: must be below rateLimitPerFiveMinutes (2000)",
    ],
    [{ bodyPaths: ["api/"] }, 'bodyPaths = "api/": must be path prefixes starting with /'],
    [{ signInPaths: ["/a", "/b", "/c", "/d", "/e", "/f"] }, "must list at most 5 path prefixes"],
    [{ maxRequestBodyMb: 0.5 }, "maxRequestBodyMb = 0.5: must be a whole number of MiB, at least 1"],
    [{ rateLimitExemptCidrs: ["10.0.0.1/8"] }, 'rateLimitExemptCidrs = "10.0.0.1/8": must be an IPv4 CIDR aligned to its prefix'],
  ])("GIVEN %j THEN the ACL is refused naming the prop", (props, message) => {
    expect(() => new WebAcl(moduleTestStack(), "waf", { name: "w", scope: "REGIONAL", ...props })).toThrow(message);
  });

  test("GIVEN a CloudFront ACL THEN it cannot be associated like a regional one", () => {
    const acl = new WebAcl(moduleTestStack(), "waf", { name: "cf", scope: "CLOUDFRONT" });
    expect(() => acl.associate("x", "arn")).toThrow(/CLOUDFRONT ACL is attached through the distribution/);
  });

  test("GIVEN a rate limit below AWS's minimum THEN it is refused", () => {
    expect(() => new WebAcl(moduleTestStack(), "waf", { name: "w", scope: "REGIONAL", rateLimitPerFiveMinutes: 5 })).toThrow(
      'WebAcl "test/waf": rateLimitPerFiveMinutes = 5: must be a whole number from 10 to 2000000000',
    );
  });

  test("GIVEN a CloudFront ACL and a log key WHEN the key is in us-east-1 THEN it encrypts the logs; WHEN it is in another region THEN CloudWatch Logs' own encryption does", () => {
    const logKeyId = (region: string) => {
      const { json } = synthModule((stack) => {
        const logKmsKey = new KmsKey(stack, "key", {
          alias: "test-key",
          description: "test key",
          account: { ...stack.account, region },
          provider: region === stack.region ? undefined : stack.providerFor(region),
        });
        return cloudFrontWebAcl(stack, "cloudfront-waf", { name: "w", usEast1Provider: stack.usEast1Provider, logKmsKey });
      });
      return resource(json, "aws_cloudwatch_log_group.cloudfront-waf_log-group").kms_key_id;
    };
    expect(logKeyId("us-east-1")).toBe("${aws_kms_key.key.arn}");
    expect(logKeyId("us-west-2")).toBeUndefined();
  });

  test("GIVEN a load balancer web ACL THEN it is regional, takes the options' rules and logging, and is associated under the given id", () => {
    const { json } = synthModule((stack) =>
      loadBalancerWebAcl(stack, "waf", {
        name: "lb-waf",
        logRetentionDays: 30,
        rules: { rateLimitPerFiveMinutes: 500 },
        loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/x/1",
        associationId: "load-balancer",
      }),
    );
    expect(resource(json, "aws_wafv2_web_acl.waf")).toMatchObject({ name: "lb-waf", scope: "REGIONAL" });
    expect(String(resource(json, "aws_wafv2_web_acl.waf").rule_json)).toContain('"Limit":500');
    expect(resource(json, "aws_cloudwatch_log_group.waf_log-group").retention_in_days).toBe(30);
    expect(resource(json, "aws_wafv2_web_acl_association.waf_load-balancer").resource_arn).toBe(
      "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/x/1",
    );
  });
});
