import { Construct } from "constructs";
import { TerraformIterator, TerraformProvider, Token } from "cdktf";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { propChecks } from "../lib/construct-validation";
import { ACM_CERTIFICATE_ARN } from "../lib/aws-formats";
import { DEFAULT_CHILD_ID } from "../lib/platform-stack";

export interface CertificateProps {
  /** Primary name on the certificate. */
  readonly domainName: string;
  /** @default - none */
  readonly subjectAlternativeNames?: readonly string[];
  /**
   * Route 53 zone in which validation records are created; the certificate is issued and validated by
   * Terraform. Exactly one of hostedZoneId and existingCertificateArn is required.
   */
  readonly hostedZoneId?: string;
  /** An already issued ACM certificate to use as is (DNS managed elsewhere). */
  readonly existingCertificateArn?: string;
  /** Provider for the certificate (CloudFront needs us-east-1). @default - the stack's provider */
  readonly provider?: TerraformProvider;
}

/** An ACM certificate: DNS-validated through Route 53 when a zone is given, otherwise an existing one. */
export class Certificate extends Construct {
  /** ARN of the validated (or existing) certificate; using it waits for validation. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: CertificateProps) {
    super(scope, id);
    const check = propChecks(this);
    if ((props.hostedZoneId === undefined) === (props.existingCertificateArn === undefined)) {
      check.fail(
        "existingCertificateArn",
        props.existingCertificateArn,
        `give exactly one of hostedZoneId (issue and validate; got ${props.hostedZoneId ?? "none"}) or existingCertificateArn (reuse)`,
      );
    }
    if (props.existingCertificateArn !== undefined) {
      const arn = props.existingCertificateArn;
      check.format("existingCertificateArn", arn, ACM_CERTIFICATE_ARN);
      this.arn = arn;
      return;
    }
    const certificate = new AcmCertificate(this, DEFAULT_CHILD_ID, {
      provider: props.provider,
      domainName: props.domainName,
      subjectAlternativeNames: props.subjectAlternativeNames?.length ? [...props.subjectAlternativeNames] : undefined,
      validationMethod: "DNS",
      keyAlgorithm: "RSA_2048",
      lifecycle: { createBeforeDestroy: true },
    });
    const options = TerraformIterator.fromComplexList(certificate.domainValidationOptions, "domain_name");
    const records = new Route53Record(this, "validation-record", {
      forEach: options,
      zoneId: props.hostedZoneId!,
      name: options.getString("resource_record_name"),
      type: options.getString("resource_record_type"),
      records: [options.getString("resource_record_value")],
      ttl: 60,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, "validation", {
      provider: props.provider,
      certificateArn: certificate.arn,
      validationRecordFqdns: Token.asList(TerraformIterator.fromResources(records).pluckProperty("fqdn")),
    });
    this.arn = validation.certificateArn;
  }
}
