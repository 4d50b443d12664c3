/**
 * Writes the Terraform test (`terraform test`, https://developer.hashicorp.com/terraform/language/tests)
 * that plans a synthesized stack against mocked AWS, and the `assert` blocks Terraform checks on that plan.
 *
 * Mocks keep plan-time realism: attributes AWS computes stay unknown during the plan, as they are for a
 * real `terraform plan`, so a `for_each` keyed on one fails here as it would there. The one exception is
 * what the real provider does know at plan time: an ACM certificate's `domain_validation_options`
 * (computed from its names before anything is created), supplied with `override_during = plan`.
 */
import * as fs from "fs";
import * as path from "path";

type Json = Record<string, unknown>;
type Resources = Record<string, Record<string, Json>>;

/** Realistic values for data sources, shared by every stack and provider alias. */
export const SHARED_MOCKS_FILE = path.join(__dirname, "mocks", "aws.tfmock.hcl");

export interface PlanAssertion {
  readonly condition: string;
  readonly message: string;
}

export interface PlanExpectations {
  /** Production stacks must protect their data: deletion protection, Multi-AZ, prevent_destroy. */
  readonly production: boolean;
  /** Mutual-TLS mode the API's HTTPS listener must plan with. @default - not checked */
  readonly mutualTlsMode?: string;
  /** The only ports any security group may open to the whole internet (0.0.0.0/0 or ::/0). @default - not checked */
  readonly internetIngressPorts?: readonly number[];
}

/** Resource types whose loss is loss of data: production must refuse to destroy them. */
export const DATA_RESOURCE_TYPES = ["aws_s3_bucket", "aws_kms_key", "aws_dynamodb_table"] as const;

const ENCRYPTION_ALGORITHMS = `["aws:kms", "aws:kms:dsse", "AES256"]`;

/**
 * A fault only the configuration shows (such as a missing encryption resource), reported through Terraform
 * with the others: an assert must refer to an object, so the condition names the resource and fails as
 * long as it is planned.
 */
const refuse = (address: string, message: string): PlanAssertion => ({ condition: `${address} == null`, message });

/** `aws_x.name` for a resource reference, Terraform's own syntax. */
const ref = (type: string, name: string) => `${type}.${name}`;

/** Resources whose argument refers to `<type>.<name>` (cdktf writes references as `${type.name.attr}`). */
function referencing(resources: Resources, type: string, argument: string, target: string): string[] {
  return Object.entries(resources[type] ?? {})
    .filter(([, config]) => typeof config[argument] === "string" && config[argument].startsWith(`\${${target}.`))
    .map(([name]) => name);
}

/** What operators rely on, as assertions Terraform evaluates on the planned values. */
export function planAssertions(stack: Json, expectations: PlanExpectations): PlanAssertion[] {
  const resources = (stack.resource ?? {}) as Resources;
  const assertions: PlanAssertion[] = [];
  const each = (type: string) => Object.entries(resources[type] ?? {});
  const { production } = expectations;

  for (const [name] of each("aws_db_instance")) {
    const db = ref("aws_db_instance", name);
    assertions.push({ condition: `${db}.storage_encrypted == true`, message: `${db} stores data unencrypted` });
    if (production) {
      assertions.push({ condition: `${db}.deletion_protection == true`, message: `${db} has no deletion protection in production` });
      assertions.push({ condition: `${db}.multi_az == true`, message: `${db} is not Multi-AZ in production` });
    }
  }

  for (const [name] of each("aws_rds_cluster")) {
    const cluster = ref("aws_rds_cluster", name);
    assertions.push({ condition: `${cluster}.storage_encrypted == true`, message: `${cluster} stores data unencrypted` });
    if (production) {
      assertions.push({
        condition: `${cluster}.deletion_protection == true`,
        message: `${cluster} has no deletion protection in production`,
      });
      const instances = referencing(resources, "aws_rds_cluster_instance", "cluster_identifier", cluster).map((i) =>
        ref("aws_rds_cluster_instance", i),
      );
      assertions.push({
        condition: `length(distinct([${instances.map((i) => `${i}.availability_zone`).join(", ")}])) >= 2`,
        message: `${cluster} does not have instances in two availability zones (Multi-AZ) in production`,
      });
    }
  }

  for (const [name] of each("aws_s3_bucket")) {
    const bucket = ref("aws_s3_bucket", name);
    const encryption = referencing(resources, "aws_s3_bucket_server_side_encryption_configuration", "bucket", bucket);
    assertions.push(
      encryption.length === 0
        ? refuse(bucket, `${bucket} has no server-side encryption configuration`)
        : {
            condition: `alltrue([for rule in ${ref("aws_s3_bucket_server_side_encryption_configuration", encryption[0])}.rule : contains(${ENCRYPTION_ALGORITHMS}, one(rule.apply_server_side_encryption_by_default).sse_algorithm)])`,
            message: `${bucket} is not encrypted at rest with AES-256 or KMS`,
          },
    );
  }

  for (const [name, config] of each("aws_instance")) {
    const instance = ref("aws_instance", name);
    if (config.root_block_device === undefined) {
      assertions.push(refuse(instance, `${instance} does not declare its root volume (encryption unchecked)`));
    } else {
      assertions.push({
        condition: `alltrue([for volume in ${instance}.root_block_device : volume.encrypted])`,
        message: `${instance} has an unencrypted root volume`,
      });
    }
  }

  for (const [name] of each("aws_dynamodb_table")) {
    const table = ref("aws_dynamodb_table", name);
    assertions.push({
      condition: `alltrue([for sse in ${table}.server_side_encryption : sse.enabled])`,
      message: `${table} is not encrypted with a KMS key`,
    });
  }

  if (production) {
    for (const type of DATA_RESOURCE_TYPES) {
      for (const [name, config] of each(type)) {
        const address = ref(type, name);
        const protectedFromDestroy = (config.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true;
        // prevent_destroy is configuration, not a planned value: the check that it is there happens here;
        // Terraform confirms the protected resource is in the plan.
        assertions.push(
          protectedFromDestroy
            ? { condition: `${address} != null`, message: `${address} (prevent_destroy) is missing from the plan` }
            : refuse(address, `${address} holds data in production but has no lifecycle.prevent_destroy`),
        );
      }
    }
  }

  for (const [name, config] of each("aws_lb_listener")) {
    const mutualAuthentication = config.mutual_authentication as { mode?: string; trust_store_arn?: string } | undefined;
    if (mutualAuthentication === undefined) continue;
    const listener = ref("aws_lb_listener", name);
    const mtls = `one(${listener}.mutual_authentication)`;
    // The trust store's ARN is unknown until apply, so whether one is attached is read from the configuration.
    if (mutualAuthentication.mode === "verify" && !mutualAuthentication.trust_store_arn) {
      assertions.push(refuse(listener, `${listener} verifies client certificates without a trust store`));
    }
    assertions.push({
      condition: `${mtls}.mode == "verify" ? ${mtls}.ignore_client_certificate_expiry == false : true`,
      message: `${listener} accepts expired client certificates`,
    });
  }
  if (expectations.mutualTlsMode !== undefined) {
    const listeners = each("aws_lb_listener")
      .filter(([, config]) => config.mutual_authentication !== undefined)
      .map(([name]) => `one(${ref("aws_lb_listener", name)}.mutual_authentication).mode`);
    assertions.push({
      condition: `contains([${listeners.join(", ")}], ${JSON.stringify(expectations.mutualTlsMode)})`,
      message: `no HTTPS listener plans mutual TLS in "${expectations.mutualTlsMode}" mode`,
    });
  }
  if (expectations.internetIngressPorts !== undefined) {
    const rules = each("aws_vpc_security_group_ingress_rule").map(([name]) => ref("aws_vpc_security_group_ingress_rule", name));
    const ports = `[${expectations.internetIngressPorts.join(", ")}]`;
    if (rules.length > 0) {
      assertions.push({
        condition: `alltrue([for rule in [${rules.join(", ")}] : (rule.cidr_ipv4 != "0.0.0.0/0" && rule.cidr_ipv6 != "::/0") || contains(${ports}, rule.from_port)])`,
        message: `a security group opens a port other than ${expectations.internetIngressPorts.join(" or ")} to the internet`,
      });
    }
  }
  return assertions;
}

/** One domain validation option per certificate name, as ACM returns them. */
function validationOptions(certificate: Json): string {
  const names = [certificate.domain_name, ...((certificate.subject_alternative_names as unknown[]) ?? [])].filter(
    (name): name is string => typeof name === "string" && !name.includes("${"),
  );
  const options = (names.length > 0 ? names : ["mock.example.com"]).map((name) => {
    const zone = name.replace(/^\*\./, "");
    return `{ domain_name = "${name}", resource_record_name = "_0123456789abcdef.${zone}.", resource_record_type = "CNAME", resource_record_value = "_fedcba9876543210.acm-validations.aws." }`;
  });
  return `[\n      ${options.join(",\n      ")},\n    ]`;
}

/** The `.tftest.hcl` file: a mock for every provider alias, the ACM plan-time values, one plan run with its assertions. */
export function planTestFile(stack: Json, expectations: PlanExpectations): string {
  const providers = ((stack.provider as { aws?: { alias?: string }[] } | undefined)?.aws ?? []).map((provider) => provider.alias);
  const mocks = (providers.length > 0 ? providers : [undefined]).map(
    (alias) => `mock_provider "aws" {\n${alias ? `  alias  = "${alias}"\n` : ""}  source = "./tests/mocks"\n}`,
  );
  const certificates = Object.entries(((stack.resource ?? {}) as Resources).aws_acm_certificate ?? {}).map(
    ([name, config], index) => `override_resource {
  target          = aws_acm_certificate.${name}
  override_during = plan
  values = {
    arn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-${String(index).padStart(12, "0")}"
    domain_validation_options = ${validationOptions(config)}
  }
}`,
  );
  const asserts = planAssertions(stack, expectations).map(
    ({ condition, message }) => `  assert {\n    condition     = ${condition}\n    error_message = ${JSON.stringify(message)}\n  }`,
  );
  return [...mocks, ...certificates, `run "plan" {\n  command = plan\n${asserts.join("\n")}\n}`].join("\n\n") + "\n";
}

/** Writes the test and the shared mocks next to a stack's scratch copy (`tests/` and `tests/mocks/`). */
export function writePlanTest(dir: string, stack: Json, expectations: PlanExpectations): void {
  fs.mkdirSync(path.join(dir, "tests", "mocks"), { recursive: true });
  fs.copyFileSync(SHARED_MOCKS_FILE, path.join(dir, "tests", "mocks", "aws.tfmock.hcl"));
  fs.writeFileSync(path.join(dir, "tests", "plan.tftest.hcl"), planTestFile(stack, expectations));
}
