import { DnsAlias } from "../../modules/dns-alias";
import { moduleTestStack, resources, synthModule } from "../support/synth";

const TARGET = { dnsName: "d111.cloudfront.net", zoneId: "Z2FDTNDATAQYW2" };

describe("DnsAlias", () => {
  test("GIVEN names and a target THEN each name gets an A alias to the target; AAAA only for dual-stack targets", () => {
    const ipv4 = synthModule(
      (stack) => new DnsAlias(stack, "dns", { hostedZoneId: "Z123", names: ["api.example.gov"], target: TARGET }),
    ).json;
    expect(Object.values(resources(ipv4, "aws_route53_record"))).toEqual([
      {
        zone_id: "Z123",
        name: "api.example.gov",
        type: "A",
        alias: { name: "d111.cloudfront.net", zone_id: "Z2FDTNDATAQYW2", evaluate_target_health: false },
      },
    ]);
    const dual = synthModule(
      (stack) => new DnsAlias(stack, "dns", { hostedZoneId: "Z123", names: ["web.example.gov"], target: TARGET, ipv6: true }),
    ).json;
    expect(Object.keys(resources(dual, "aws_route53_record")).sort()).toEqual(["dns_web_example_gov-a", "dns_web_example_gov-aaaa"]);
  });

  test("GIVEN a record THEN its address is its name, so adding a name never renames the others", () => {
    const one = synthModule((stack) => new DnsAlias(stack, "dns", { hostedZoneId: "Z", names: ["b.example.gov"], target: TARGET })).json;
    const two = synthModule(
      (stack) => new DnsAlias(stack, "dns", { hostedZoneId: "Z", names: ["a.example.gov", "b.example.gov"], target: TARGET }),
    ).json;
    expect(Object.keys(resources(two, "aws_route53_record"))).toEqual(
      expect.arrayContaining(Object.keys(resources(one, "aws_route53_record"))),
    );
  });

  test.each([
    [[], /names = \[\]: must list at least one name/],
    [["API.example.gov"], /names = "API\.example\.gov": must be a lowercase DNS name like example\.com/],
  ])("GIVEN names %j THEN they are refused", (names, message) => {
    expect(() => new DnsAlias(moduleTestStack(), "dns", { hostedZoneId: "Z", names, target: TARGET })).toThrow(
      new RegExp(`DnsAlias "test/dns": ${message.source}`),
    );
  });
});
