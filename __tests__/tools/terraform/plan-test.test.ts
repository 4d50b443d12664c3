import { planAssertions, planTestFile } from "../../../tools/terraform/plan-test";

const database = {
  aws_db_instance: { db: { storage_encrypted: true } },
  aws_rds_cluster: { aurora: {} },
  aws_rds_cluster_instance: {
    "aurora_instance-1": { cluster_identifier: "${aws_rds_cluster.aurora.id}" },
    "aurora_instance-2": { cluster_identifier: "${aws_rds_cluster.aurora.id}" },
    other: { cluster_identifier: "${aws_rds_cluster.elsewhere.id}" },
  },
};

describe("the assertions Terraform checks on a mocked plan", () => {
  test("GIVEN production databases THEN encryption, deletion protection and Multi-AZ across the cluster's own instances are checked", () => {
    const conditions = planAssertions({ resource: database }, { production: true }).map((a) => a.condition);
    expect(conditions).toEqual(
      expect.arrayContaining([
        "aws_db_instance.db.storage_encrypted == true",
        "aws_db_instance.db.deletion_protection == true",
        "aws_db_instance.db.multi_az == true",
        "aws_rds_cluster.aurora.deletion_protection == true",
        "length(distinct([aws_rds_cluster_instance.aurora_instance-1.availability_zone, aws_rds_cluster_instance.aurora_instance-2.availability_zone])) >= 2",
      ]),
    );
  });

  test("GIVEN development databases THEN they are checked for encryption only", () => {
    const conditions = planAssertions({ resource: database }, { production: false }).map((a) => a.condition);
    expect(conditions).toEqual(["aws_db_instance.db.storage_encrypted == true", "aws_rds_cluster.aurora.storage_encrypted == true"]);
  });

  test("GIVEN a bucket without an encryption resource THEN the check fails, naming the bucket", () => {
    const [assertion] = planAssertions({ resource: { aws_s3_bucket: { logs: {} } } }, { production: false });
    expect(assertion).toEqual({
      condition: "aws_s3_bucket.logs == null",
      message: "aws_s3_bucket.logs has no server-side encryption configuration",
    });
  });

  test("GIVEN production data without prevent_destroy THEN the check fails; with it, Terraform confirms it is planned", () => {
    const resource = { aws_kms_key: { kept: { lifecycle: { prevent_destroy: true } }, loose: {} } };
    expect(planAssertions({ resource }, { production: true })).toEqual([
      { condition: "aws_kms_key.kept != null", message: "aws_kms_key.kept (prevent_destroy) is missing from the plan" },
      {
        condition: "aws_kms_key.loose == null",
        message: "aws_kms_key.loose holds data in production but has no lifecycle.prevent_destroy",
      },
    ]);
    expect(planAssertions({ resource }, { production: false })).toEqual([]);
  });

  test("GIVEN mutual TLS THEN the expected mode must be planned, and verify mode needs a trust store", () => {
    const resource = { aws_lb_listener: { https: { mutual_authentication: { mode: "verify" } }, http: {} } };
    expect(planAssertions({ resource }, { production: false, mutualTlsMode: "verify" })).toEqual([
      { condition: "aws_lb_listener.https == null", message: "aws_lb_listener.https verifies client certificates without a trust store" },
      expect.objectContaining({ message: "aws_lb_listener.https accepts expired client certificates" }),
      {
        condition: 'contains([one(aws_lb_listener.https.mutual_authentication).mode], "verify")',
        message: 'no HTTPS listener plans mutual TLS in "verify" mode',
      },
    ]);
  });
});

describe("internet ingress", () => {
  test("GIVEN allowed internet ports THEN Terraform checks every planned ingress rule: open to 0.0.0.0/0 or ::/0 only on those", () => {
    const resource = { aws_vpc_security_group_ingress_rule: { https: {}, origin: {} } };
    expect(planAssertions({ resource }, { production: false, internetIngressPorts: [80, 443] })).toEqual([
      {
        condition:
          'alltrue([for rule in [aws_vpc_security_group_ingress_rule.https, aws_vpc_security_group_ingress_rule.origin] : (rule.cidr_ipv4 != "0.0.0.0/0" && rule.cidr_ipv6 != "::/0") || contains([80, 443], rule.from_port)])',
        message: "a security group opens a port other than 80 or 443 to the internet",
      },
    ]);
    expect(planAssertions({ resource }, { production: false })).toEqual([]);
  });
});

describe("the test file", () => {
  const json = {
    provider: { aws: [{ region: "us-east-1" }, { alias: "us_west_2", region: "us-west-2" }] },
    resource: { aws_acm_certificate: { api: { domain_name: "api.example.org", subject_alternative_names: ["www.example.org"] } } },
  };
  const file = planTestFile(json, { production: false });

  test("GIVEN the test file THEN it mocks every provider alias from the shared mocks", () => {
    expect(file).toContain('mock_provider "aws" {\n  source = "./tests/mocks"\n}');
    expect(file).toContain('mock_provider "aws" {\n  alias  = "us_west_2"\n  source = "./tests/mocks"\n}');
  });

  test("GIVEN ACM certificates THEN the test file gives them one validation option per name during the plan, as the provider does", () => {
    expect(file).toContain("target          = aws_acm_certificate.api\n  override_during = plan");
    expect(file).toContain('domain_name = "api.example.org"');
    expect(file).toContain('domain_name = "www.example.org"');
  });

  test("GIVEN the test file THEN it plans once, with command = plan", () => {
    expect(file).toMatch(/run "plan" \{\n {2}command = plan\n/);
  });
});
