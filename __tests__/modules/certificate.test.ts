import { Certificate } from "../../modules/certificate";
import { moduleTestStack, resource, resources, synthModule } from "../support/synth";

describe("Certificate", () => {
  test("GIVEN a hosted zone THEN the certificate is DNS-validated by Route 53 records and the ARN waits for validation", () => {
    const { json, construct } = synthModule(
      (stack) =>
        new Certificate(stack, "cert", {
          domainName: "app.example.com",
          subjectAlternativeNames: ["www.example.com"],
          hostedZoneId: "Z123",
        }),
    );
    expect(resource(json, "aws_acm_certificate.cert")).toMatchObject({
      domain_name: "app.example.com",
      subject_alternative_names: ["www.example.com"],
      validation_method: "DNS",
      lifecycle: { create_before_destroy: true },
    });
    const record = resource(json, "aws_route53_record.cert_validation-record");
    expect(record).toMatchObject({ zone_id: "Z123", ttl: 60 });
    expect(String(record.for_each)).toContain("domain_validation_options");
    expect(resource(json, "aws_acm_certificate_validation.cert_validation").certificate_arn).toBe("${aws_acm_certificate.cert.arn}");
    expect(construct.arn).toContain("TOKEN");
  });

  test("GIVEN an existing ARN THEN nothing is created", () => {
    const arn = "arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-aaaa-bbbb-cccc-123456789012";
    const { json, construct } = synthModule(
      (stack) => new Certificate(stack, "cert", { domainName: "app.example.com", existingCertificateArn: arn }),
    );
    expect(resources(json, "aws_acm_certificate")).toEqual({});
    expect(construct.arn).toBe(arn);
  });

  test.each([
    [{}, /exactly one of hostedZoneId .* or existingCertificateArn/],
    [{ hostedZoneId: "Z1", existingCertificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/abc" }, /exactly one of/],
    [
      { existingCertificateArn: "not-an-arn" },
      /Certificate "test\/cert": existingCertificateArn = "not-an-arn": must be an ACM certificate ARN like arn:aws:acm:us-east-1:111122223333:certificate\/<uuid>/,
    ],
  ])("GIVEN %j THEN it is refused", (props, message) => {
    expect(() => new Certificate(moduleTestStack(), "cert", { domainName: "app.example.com", ...props })).toThrow(message);
  });
});
