import { adaptToFallback } from "../../../tools/terraform/fallback-provider";
import { Toolchain } from "../../../tools/terraform/toolchain";

const fallback = { provider: { version: "5.100.0", pinnedVersion: "6.25.0" }, fallback: true } as Toolchain;

/** A provider schema with just what these cases need. */
const schema = {
  resource_schemas: {
    aws_cloudfront_distribution: {
      block: {
        attributes: { enabled: {} },
        block_types: { viewer_certificate: { block: { attributes: { minimum_protocol_version: {} } } } },
      },
    },
    aws_ssm_parameter: {
      block: { attributes: { name: {}, value: {} }, block_types: { tags_block: { block: { attributes: { key: {} } } } } },
    },
  },
  data_source_schemas: {},
};

function stack(resource: Record<string, Record<string, Record<string, unknown>>>) {
  return { terraform: { required_providers: { aws: { source: "aws", version: "6.25.0" } } }, resource };
}

describe("adapting a scratch copy to a fallback provider", () => {
  test("GIVEN a fallback provider THEN the version constraint becomes the fallback's", () => {
    const json = stack({});
    adaptToFallback(json, fallback, schema);
    expect(json.terraform.required_providers.aws.version).toBe("5.100.0");
  });

  test.each(["TLSv1.2_2025", "TLSv1.3_2025"])("GIVEN CloudFront's %s THEN it is checked as TLSv1.2_2021 and reported", (policy) => {
    const json = stack({
      aws_cloudfront_distribution: { site: { enabled: true, viewer_certificate: { minimum_protocol_version: policy } } },
    });
    const adjustments = adaptToFallback(json, fallback, schema);
    expect(json.resource.aws_cloudfront_distribution.site.viewer_certificate).toEqual({ minimum_protocol_version: "TLSv1.2_2021" });
    expect(adjustments).toEqual([{ address: "aws_cloudfront_distribution.site", description: expect.stringContaining(`"${policy}"`) }]);
  });

  test("GIVEN a value outside the explicit list THEN it is left for the provider to judge", () => {
    const json = stack({
      aws_cloudfront_distribution: { site: { enabled: true, viewer_certificate: { minimum_protocol_version: "TLSv1" } } },
    });
    expect(adaptToFallback(json, fallback, schema)).toEqual([]);
    expect(json.resource.aws_cloudfront_distribution.site.viewer_certificate).toEqual({ minimum_protocol_version: "TLSv1" });
  });

  test("GIVEN arguments the fallback does not know THEN they are removed and reported, in blocks and dynamic blocks too", () => {
    const json = stack({
      aws_ssm_parameter: {
        p: {
          name: "n",
          value: "v",
          region: "us-west-2",
          count: 1,
          tags_block: [{ key: "k", extra: 1 }],
          dynamic: { unknown_block: { for_each: [], content: {} } },
        },
      },
    });
    const adjustments = adaptToFallback(json, fallback, schema);
    expect(json.resource.aws_ssm_parameter.p).toEqual({ name: "n", value: "v", count: 1, tags_block: [{ key: "k" }], dynamic: {} });
    expect(adjustments.map((a) => a.description)).toEqual([
      "argument region is not known to hashicorp/aws 5.100.0; removed from the scratch copy, not validated",
      "argument tags_block.extra is not known to hashicorp/aws 5.100.0; removed from the scratch copy, not validated",
      "argument dynamic.unknown_block is not known to hashicorp/aws 5.100.0; removed from the scratch copy, not validated",
    ]);
  });

  test("GIVEN a resource type the fallback does not have THEN it is removed and reported", () => {
    const json = stack({ aws_brand_new_service: { thing: {} } });
    expect(adaptToFallback(json, fallback, schema)).toEqual([
      {
        address: "aws_brand_new_service.thing",
        description: "aws_brand_new_service is not known to hashicorp/aws 5.100.0; removed from the scratch copy",
      },
    ]);
    // Terraform refuses a type without blocks, so the type goes too.
    expect(json.resource).toEqual({});
  });

  test("GIVEN Terraform's built-in terraform_data THEN it is left as it is: it belongs to no provider", () => {
    const json = stack({ terraform_data: { suffix: { triggers_replace: { identifier: "db" } } } });
    expect(adaptToFallback(json, fallback, schema)).toEqual([]);
    expect(json.resource).toEqual({ terraform_data: { suffix: { triggers_replace: { identifier: "db" } } } });
  });
});
