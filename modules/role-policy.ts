import { ConstructValidationError, constructLabel } from "../lib/construct-validation";
import { Construct } from "constructs";
import { Lazy } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { policyDocument, PolicyStatement } from "../lib/iam";
import { DEFAULT_CHILD_ID } from "../lib/platform-stack";

/**
 * A principal that resources grant access to (aws-cdk's IGrantable): `bucket.grantRead(role)`. The
 * resource knows what the access takes; the principal only receives the statements.
 */
export interface Grantable {
  /** Adds a statement to the principal's identity policy. */
  addToPrincipalPolicy(statement: PolicyStatement): void;
}

export interface RolePolicyProps {
  readonly role: IamRole;
  /** Name of the inline policy (changing it replaces the policy). */
  readonly name: string;
}

/**
 * The one inline policy of a role that grant methods fill. A statement repeating an earlier one's Sid,
 * effect, actions and condition adds its resources to that statement (IAM wants unique Sids, and two
 * secrets grants on one key give the same decrypt statement); an exact repeat adds nothing.
 */
export class RolePolicy extends Construct implements Grantable {
  readonly policy: IamRolePolicy;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: RolePolicyProps) {
    super(scope, id);
    this.policy = new IamRolePolicy(this, DEFAULT_CHILD_ID, {
      name: props.name,
      role: props.role.id,
      policy: Lazy.stringValue({ produce: () => policyDocument(...this.statements) }),
    });
    // IAM refuses an inline policy without statements: a role nobody granted anything is a wiring mistake.
    this.node.addValidation({
      validate: () => (this.statements.length ? [] : [`RolePolicy "${this.node.path}": nothing was granted to role ${props.name}`]),
    });
  }

  addToPrincipalPolicy(statement: PolicyStatement): void {
    const sameGrant = this.statements.findIndex(
      (existing) => statement.Sid !== undefined && existing.Sid === statement.Sid && sameExceptResources(existing, statement),
    );
    if (sameGrant === -1) {
      if (statement.Sid !== undefined && this.statements.some((existing) => existing.Sid === statement.Sid)) {
        throw new ConstructValidationError(
          constructLabel(this),
          "statement Sid",
          statement.Sid,
          "must name one grant: another statement already uses it",
        );
      }
      this.statements.push(statement);
      return;
    }
    const existing = asList(this.statements[sameGrant].Resource);
    const added = asList(statement.Resource).filter((resource) => !existing.includes(resource));
    if (added.length) this.statements[sameGrant] = { ...this.statements[sameGrant], Resource: [...existing, ...added] };
  }
}

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : ([] as string[]).concat(value));

function sameExceptResources(a: PolicyStatement, b: PolicyStatement): boolean {
  const rest = ({ Resource: _resource, ...other }: PolicyStatement) => JSON.stringify(other);
  return rest(a) === rest(b);
}
