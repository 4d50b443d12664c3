/**
 * The application's database roles and the one-off step that creates them. The application and the backup job
 * log in with IAM database authentication: `rds-db:connect` for a named role, a 15-minute token as password,
 * no stored password to rotate or leak, and the master user's secret readable by operators only
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html).
 */
import { Construct } from "constructs";
import { Fn, TerraformResource } from "cdktf";
import { PropChecks } from "../lib/construct-validation";
import { POSTGRES_ROLE_NAME, RDS_SNAPSHOT_IDENTIFIER } from "../lib/aws-formats";
import { AccountContext } from "../lib/platform-stack";
import { Grantable } from "./role-policy";

export interface DatabaseBootstrapProps {
  readonly databaseName: string;
  /**
   * The application's role and the schema it works in: a schema of its own (created and owned by it, and its
   * search path), or `public` (Django's), where it is granted USAGE and CREATE.
   */
  readonly app: { readonly role: string; readonly schema: string };
  /** A read-only role for pg_dump: `pg_read_all_data` (PostgreSQL 14 and newer). @default - none */
  readonly backupRole?: string;
  /**
   * Extensions only the master user may create, created first; the application gets USAGE on the schema of
   * each that has one (pg_cron's `cron`). @default - none
   */
  readonly extensions?: readonly { readonly name: string; readonly schema?: string }[];
}

/**
 * The statements an operator runs once as the master user, one at a time (RDS Data API takes one per call),
 * to create the application's roles: every one safe to run again. Names are checked identifiers, never quoted
 * input. `rds_iam` makes a role log in with IAM tokens only.
 */
export function databaseBootstrapStatements(check: PropChecks, props: DatabaseBootstrapProps): string[] {
  const { role, schema } = props.app;
  const roles = [role, ...(props.backupRole ? [props.backupRole] : [])];
  for (const name of roles) check.format("role", name, POSTGRES_ROLE_NAME);
  check.format("app.schema", schema, POSTGRES_ROLE_NAME);
  check.format("databaseName", props.databaseName, POSTGRES_ROLE_NAME);
  for (const extension of props.extensions ?? []) check.format("extensions", extension.name, POSTGRES_ROLE_NAME);
  const ownSchema =
    schema === "public"
      ? [`GRANT USAGE, CREATE ON SCHEMA public TO ${role}`]
      : [
          `CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${role}`,
          // A schema the master user made earlier becomes the application's.
          `ALTER SCHEMA ${schema} OWNER TO ${role}`,
          `ALTER ROLE ${role} SET search_path TO ${schema}`,
        ];
  return [
    ...roles.map(
      (name) =>
        `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '${name}') THEN CREATE ROLE ${name} LOGIN; END IF; END $$`,
    ),
    `GRANT rds_iam TO ${roles.join(", ")}`,
    `GRANT CONNECT ON DATABASE ${props.databaseName} TO ${roles.join(", ")}`,
    ...ownSchema,
    ...(props.backupRole ? [`GRANT pg_read_all_data TO ${props.backupRole}`] : []),
    ...(props.extensions ?? []).flatMap((extension) => [
      `CREATE EXTENSION IF NOT EXISTS ${extension.name}`,
      ...(extension.schema ? [`GRANT USAGE ON SCHEMA ${extension.schema} TO ${role}`] : []),
    ]),
  ];
}

/**
 * Lets `grantee` log in as each of `roles` with an IAM token: `rds-db:connect` on those database users of the
 * instance or cluster whose resource id (`db-...` / `cluster-...`) is given, and on no other
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html).
 */
export function grantIamConnect(grantee: Grantable, account: AccountContext, resourceId: string, roles: readonly string[]): void {
  const { partition, region, accountId } = account;
  grantee.addToPrincipalPolicy({
    Sid: "ConnectToDatabase",
    Effect: "Allow",
    Action: "rds-db:connect",
    Resource: roles.map((role) => `arn:${partition}:rds-db:${region}:${accountId}:dbuser:${resourceId}/${role}`),
  });
}

/**
 * A final snapshot identifier unique to each incarnation of a database, stable across plans:
 * `<identifier>-final-<8 hex>`, the suffix from the id of a built-in `terraform_data` (a UUID made when it is
 * created, https://developer.hashicorp.com/terraform/language/resources/terraform-data). It is replaced, and the
 * suffix with it, whenever `replacedWith` changes (the arguments that replace the database), so a database
 * deleted, re-created and deleted again never finds its snapshot name taken. The old incarnation keeps the name
 * in its state, which is what its deletion uses.
 */
export function finalSnapshotIdentifier(scope: Construct, identifier: string, replacedWith: Readonly<Record<string, string>>): string {
  const suffix = new TerraformData(scope, "final-snapshot-suffix", replacedWith);
  return `${identifier}-final-${Fn.substr(suffix.id, 0, 8)}`;
}

/**
 * Terraform's built-in `terraform_data` with `triggers_replace` only. Not cdktf's `DataResource`: that one adds
 * a validation running `terraform version` at every synthesis, once per resource, which fails the synthesis
 * wherever no terraform is installed (a fresh clone, the docs job) and slows it everywhere else.
 */
class TerraformData extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly triggersReplace: Readonly<Record<string, string>>,
  ) {
    super(scope, id, { terraformResourceType: "terraform_data", terraformGeneratorMetadata: { providerName: "terraform" } });
  }

  get id(): string {
    return this.getStringAttribute("id");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { triggers_replace: { ...this.triggersReplace } };
  }
}

/** Refuses a snapshot to restore from that RDS would not take. */
export function checkRestoreSnapshot(check: PropChecks, snapshot: string | undefined): void {
  check.format("restoreFromSnapshot", snapshot, RDS_SNAPSHOT_IDENTIFIER);
}
