import { WebAcl } from "../../modules/web-acl";
import { moduleTestStack, resource, synthModule } from "../support/synth";

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
    expect(rules[3].Statement.RateBasedStatement.Limit).toBe(1000);
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

  test("GIVEN a CloudFront ACL THEN it cannot be associated like a regional one", () => {
    const acl = new WebAcl(moduleTestStack(), "waf", { name: "cf", scope: "CLOUDFRONT" });
    expect(() => acl.associate("x", "arn")).toThrow(/CLOUDFRONT ACL is attached through the distribution/);
  });

  test("GIVEN a rate limit below AWS's minimum THEN it is refused", () => {
    expect(() => new WebAcl(moduleTestStack(), "waf", { name: "w", scope: "REGIONAL", rateLimitPerFiveMinutes: 5 })).toThrow(
      'WebAcl "test/waf": rateLimitPerFiveMinutes = 5: must be a whole number from 10 to 2000000000',
    );
  });
});
