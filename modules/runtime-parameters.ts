import { Construct } from "constructs";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { propChecks } from "../lib/construct-validation";
import { SSM_PARAMETER_PATH } from "../lib/aws-formats";
import { AccountContext } from "../lib/platform-stack";
import { Grantable } from "./role-policy";

/** Parameter names are the environment variable names the application sees. */
const VARIABLE_NAME = /^[A-Z][A-Z0-9_]*$/;

export interface RuntimeParametersProps {
  /** Where the parameters live, e.g. `/coherent/prod`: one GetParametersByPath reads them all. */
  readonly path: string;
  /**
   * Name (an environment variable name) to value: endpoints, names and ARNs that change when a resource is
   * replaced or restored. Never a secret's value: these are plain String parameters, and their values are in state.
   */
  readonly values: Readonly<Record<string, string>>;
  readonly account: AccountContext;
}

/**
 * The configuration an application reads at run time rather than at first boot, as SSM Parameter Store
 * parameters the stack keeps current: `<path>/<NAME>`. When Terraform replaces or restores a database (a new
 * endpoint, a new secret), it rewrites these, and the next read sees the new value; nothing on an instance is
 * rebuilt. Standard parameters have no charge
 * (https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html).
 */
export class RuntimeParameters extends Construct {
  readonly path: string;
  readonly parameters: readonly SsmParameter[];
  private readonly account: AccountContext;

  constructor(scope: Construct, id: string, props: RuntimeParametersProps) {
    super(scope, id);
    const check = propChecks(this);
    check.format("path", props.path, SSM_PARAMETER_PATH);
    check.expect(!props.path.endsWith("/"), "path", props.path, "must not end with /");
    for (const name of Object.keys(props.values))
      check.expect(VARIABLE_NAME.test(name), "values", name, "names must be environment variable names like DB_HOST");
    this.path = props.path;
    this.account = props.account;
    this.parameters = Object.entries(props.values).map(
      ([name, value]) =>
        new SsmParameter(this, name, {
          name: `${props.path}/${name}`,
          type: "String",
          tier: "Standard",
          // Not a secret: shown in plans, so a changed endpoint is visible in review.
          insecureValue: value,
          description: `Read at run time as ${name}; Terraform keeps it current`,
        }),
    );
  }

  /** Lets `grantee` read these parameters, and no others (String parameters need no key). */
  grantRead(grantee: Grantable): void {
    const { partition, region, accountId } = this.account;
    const pathArn = `arn:${partition}:ssm:${region}:${accountId}:parameter${this.path}`;
    grantee.addToPrincipalPolicy({
      Sid: "ReadRuntimeParameters",
      Effect: "Allow",
      Action: ["ssm:GetParametersByPath", "ssm:GetParameters", "ssm:GetParameter"],
      // The path itself for GetParametersByPath, the names below it for the others
      // (https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html).
      Resource: [pathArn, `${pathArn}/*`],
    });
  }
}
