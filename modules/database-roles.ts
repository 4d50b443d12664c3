/**
 * The application's database roles and the one-off step that creates them. The application and the backup job
 * log in with IAM database authentication: `rds-db:connect` for a named role, a 15-minute token as password,
 * no stored password to rotate or leak, and the master user's secret readable by operators only
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html).
 */
import { Construct } from "constructs";
import { Fn, TerraformResource } from "cdktf";
import { PropChecks, propChecks } from "../lib/construct-validation";
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
function databaseBootstrapStatements(check: PropChecks, props: DatabaseBootstrapProps): string[] {
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

export interface DatabaseLoginsProps {
  readonly account: AccountContext;
  /** The instance's or cluster's resource id (`db-...` / `cluster-...`), which IAM logins are granted on. */
  readonly resourceId: string;
  readonly databaseName: string;
  readonly masterUsername: string;
  /** Whether the database takes IAM logins at all. */
  readonly iamAuthentication: boolean;
}

/** The logins of one RDS instance or Aurora cluster: IAM grants for named roles, and the statements creating them. */
export class DatabaseLogins {
  constructor(
    /** The database construct, named by refusals. */
    private readonly database: Construct,
    private readonly props: DatabaseLoginsProps,
  ) {}

  /**
   * Lets `grantee` log in as each of `roles` with an IAM token: `rds-db:connect` on those database users and on
   * no other, never the master user (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html).
   */
  grantConnect(grantee: Grantable, roles: readonly string[]): void {
    const { account, resourceId, masterUsername } = this.props;
    const check = propChecks(this.database);
    check.expect(this.props.iamAuthentication, "iamAuthentication", false, "must be on to grant IAM database logins");
    check.expect(!roles.includes(masterUsername), "roles", roles, `must not include the master user ${masterUsername}`);
    const { partition, region, accountId } = account;
    grantee.addToPrincipalPolicy({
      Sid: "ConnectToDatabase",
      Effect: "Allow",
      Action: "rds-db:connect",
      Resource: roles.map((role) => `arn:${partition}:rds-db:${region}:${accountId}:dbuser:${resourceId}/${role}`),
    });
  }

  /** The statements creating the application's roles, run once as the master user (docs/operations.md). */
  bootstrapStatements(roles: Omit<DatabaseBootstrapProps, "databaseName">): string[] {
    return databaseBootstrapStatements(propChecks(this.database), { ...roles, databaseName: this.props.databaseName });
  }
}

export interface SnapshotSettingsProps {
  /** The instance or cluster identifier. */
  readonly identifier: string;
  readonly databaseName: string;
  readonly masterUsername: string;
  /** @default - a new, empty database */
  readonly restoreFromSnapshot?: string;
  readonly finalSnapshot: boolean;
}

/**
 * The snapshot arguments of an RDS instance or Aurora cluster: the snapshot it is restored from, and a final
 * snapshot identifier unique to each incarnation, stable across plans: `<identifier>-final-<8 hex>`, the suffix
 * from the id of a built-in `terraform_data` (a UUID made when it is created,
 * https://developer.hashicorp.com/terraform/language/resources/terraform-data). That is replaced, and the suffix
 * with it, whenever an argument that replaces the database changes, so a database deleted, re-created and deleted
 * again never finds its snapshot name taken. The old incarnation keeps the name in its state, which is what its
 * deletion uses.
 */
export function snapshotSettings(scope: Construct, props: SnapshotSettingsProps) {
  const { identifier, databaseName, masterUsername, restoreFromSnapshot } = props;
  propChecks(scope).format("restoreFromSnapshot", restoreFromSnapshot, RDS_SNAPSHOT_IDENTIFIER);
  const replacedWith = { identifier, databaseName, masterUsername, restoredFrom: restoreFromSnapshot ?? "" };
  const suffix = props.finalSnapshot && new TerraformData(scope, "final-snapshot-suffix", replacedWith);
  return {
    snapshotIdentifier: restoreFromSnapshot,
    skipFinalSnapshot: !props.finalSnapshot,
    finalSnapshotIdentifier: suffix ? `${identifier}-final-${Fn.substr(suffix.id, 0, 8)}` : undefined,
  };
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
