import { Construct, Node } from "constructs";
import { Aspects, LocalBackend, S3Backend, TerraformDataSource, TerraformElement, TerraformResource, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { StateBackendSettings, Tier } from "./config/schema";
import { GuardrailsAspect, takeEvaluatedJson } from "./policy/aspect";
import { stackJson } from "./stack-json";
import type { TerraformJson } from "./terraform-json";

export interface PlatformStackProps {
  /** Short system name used in names, tags and the state key, e.g. `coherent`. */
  readonly system: string;
  /** Human-readable project name for the Project tag, e.g. `Coherent PMO Platform`. */
  readonly project: string;
  /** Environment name, e.g. `dev`; also the state key's second segment. */
  readonly environment: string;
  readonly region: string;
  /** Production stacks get the strict guardrails. */
  readonly tier: Tier;
  /** Accounts this stack may be applied to. @default - any account */
  readonly allowedAccountIds?: readonly string[];
  /** Extra default tags on every resource. @default - none */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Remote state location; the key is always `<system>/<environment>/terraform.tfstate`.
   * @default - local state (only the state-backend bootstrap stack uses this)
   */
  readonly stateBackend?: StateBackendSettings;
}

/** The part of every system environment's config file that the stack base takes. */
export type SystemEnvironmentSettings = Pick<PlatformStackProps, "region" | "tier" | "allowedAccountIds" | "tags" | "stateBackend">;

/** PlatformStack props for one environment of a system, from its config file. */
export function systemStackProps(
  system: Pick<PlatformStackProps, "system" | "project">,
  environment: string,
  config: SystemEnvironmentSettings,
): PlatformStackProps {
  const { region, tier, allowedAccountIds, tags, stateBackend } = config;
  return { ...system, environment, region, tier, allowedAccountIds, tags, stateBackend };
}

/** The account a stack is applied to, read at plan time (never hard-coded). */
export interface AccountContext {
  readonly accountId: string;
  /** `aws`, `aws-us-gov` or `aws-cn`, for building ARNs. */
  readonly partition: string;
  readonly region: string;
}

const ADDRESS_UNSAFE = /[^A-Za-z0-9_-]/g;
/**
 * A construct's main resource takes this id and is addressed by its parent's path alone
 * (`aws_s3_bucket.artifacts`, not `aws_s3_bucket.artifacts_default`), as "Default" does in aws-cdk.
 */
export const DEFAULT_CHILD_ID = "default";

/**
 * A construct that only groups others (a system's security groups, its frontend sites): its id is left
 * out of its descendants' Terraform addresses, so gathering resources into a group moves nothing in state.
 */
export class AddressTransparentGroup extends Construct {}

/**
 * The account `scope`'s stack is applied to (its data sources, created on first use), for constructs
 * that name it only in conditions (a trust policy's `aws:SourceAccount`) and take no `account` prop.
 */
export function accountOf(scope: Construct): AccountContext {
  const stack = TerraformStack.of(scope);
  if (!(stack instanceof PlatformStack)) throw new Error(`${scope.node.path}: must be created in a PlatformStack, which knows its account`);
  return stack.account;
}

/**
 * Whether `scope` is in a production stack: the one place data-safety defaults are decided from the
 * tier (buckets and keys refuse `terraform destroy`, deleted secrets stay restorable).
 */
export function inProductionStack(scope: Construct): boolean {
  const stack = TerraformStack.of(scope);
  return stack instanceof PlatformStack && stack.tier === "production";
}

/**
 * Base of every stack: AWS provider with default tags, the S3 + DynamoDB backend, and readable
 * Terraform addresses. An address is the construct path below the stack joined with `_`
 * (`network_app-subnet-1`), never a hash, so `terraform state` and `import` commands stay readable
 * and a rename shows up as a reviewed change to the pinned address lists in __tests__.
 */
export class PlatformStack extends TerraformStack {
  readonly system: string;
  readonly environment: string;
  readonly region: string;
  readonly tier: Tier;
  /** Default provider in the stack's region. */
  readonly provider: AwsProvider;
  private readonly providerProps: PlatformStackProps;
  private readonly regionalProviders = new Map<string, AwsProvider>();
  /** `<kind> <name>` -> construct path, so two constructs can never silently share an address. */
  private readonly allocatedAddresses = new Map<string, string>();
  private accountContext?: AccountContext;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    this.system = props.system;
    this.environment = props.environment;
    this.region = props.region;
    this.tier = props.tier;
    this.providerProps = props;
    this.provider = this.createProvider("aws", props.region);
    // Security and data-safety guardrails run at synth: production fails on any unsuppressed finding.
    Aspects.of(this).add(new GuardrailsAspect(this.tier));

    if (props.stateBackend) {
      const backend = props.stateBackend;
      new S3Backend(this, {
        bucket: backend.bucket,
        key: `${props.system}/${props.environment}/terraform.tfstate`,
        region: backend.region,
        encrypt: true,
        dynamodbTable: backend.dynamodbTable,
        kmsKeyId: backend.kmsKeyId,
      });
      // S3Backend in cdktf 0.21 has no typed field for the native lock file.
      if (backend.useLockfile) this.addOverride("terraform.backend.s3.use_lockfile", true);
    } else {
      // Terraform runs in cdktf.out/stacks/<id>; keep the bootstrap state at the project root so that
      // cleaning cdktf.out never deletes it.
      new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    }
  }

  /** Provider for resources that AWS requires in us-east-1 (CloudFront certificates and WAF). */
  get usEast1Provider(): AwsProvider {
    return this.providerFor("us-east-1");
  }

  /**
   * Provider for another region (replicas, us-east-1-only services), with the same default tags and
   * account guard; aliased by region (`aws.us_west_2`). The stack's own region gets the default provider.
   */
  providerFor(region: string): AwsProvider {
    if (region === this.region) return this.provider;
    const alias = region.replace(/-/g, "_");
    let provider = this.regionalProviders.get(region);
    if (!provider) {
      provider = this.createProvider(`aws_${alias}`, region, alias);
      this.regionalProviders.set(region, provider);
    }
    return provider;
  }

  /** Account id and partition of the account being applied to (data sources, created on first use). */
  get account(): AccountContext {
    this.accountContext ??= {
      accountId: new DataAwsCallerIdentity(this, "current-account").accountId,
      partition: new DataAwsPartition(this, "current-partition").partition,
      region: this.region,
    };
    return this.accountContext;
  }

  /** Common name prefix for AWS resource names: `<system>-<environment>`. */
  get namePrefix(): string {
    return `${this.system}-${this.environment}`;
  }

  /**
   * cdktf's preparing pass resolves every element once more only to find references into other stacks
   * and wire them through remote state. These stacks never share constructs (each is built from its own
   * config), and a reference into another stack would be reported as dangling by `npm run check` and
   * `terraform validate`; skipping the pass saves about a tenth of synthesis.
   */
  override prepareStack(): void {
    this.ensureBackendExists();
  }

  /**
   * The JSON the guardrails aspect resolved moments before in this synthesis, else a fresh resolve: what
   * cdktf's `toTerraform()` returns, built by lib/stack-json.ts at about half of cdktf's cost.
   */
  override toTerraform(): TerraformJson {
    return takeEvaluatedJson(this) ?? stackJson(this);
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    const node = element instanceof Node ? element : element.node;
    const stackIndex = node.scopes.indexOf(this);
    const address = node.scopes
      .slice(stackIndex + 1)
      .filter((scope, index) => !(scope instanceof AddressTransparentGroup) && (index === 0 || scope.node.id !== DEFAULT_CHILD_ID))
      .map((scope) => scope.node.id.replace(ADDRESS_UNSAFE, "_"))
      .join("_");
    // Names are unique per kind: a resource type, `output`, ... (an output may share a bucket's name).
    const kind =
      element instanceof TerraformResource || element instanceof TerraformDataSource
        ? element.terraformResourceType
        : element.constructor.name;
    const owner = this.allocatedAddresses.get(`${kind} ${address}`);
    if (owner !== undefined && owner !== node.path) {
      throw new Error(
        `${this.node.id}: "${node.path}" and "${owner}" would share the Terraform address ${kind}.${address}; rename one of them`,
      );
    }
    this.allocatedAddresses.set(`${kind} ${address}`, node.path);
    return address;
  }

  private createProvider(id: string, region: string, alias?: string): AwsProvider {
    const props = this.providerProps;
    return new AwsProvider(this, id, {
      region,
      alias,
      allowedAccountIds: props.allowedAccountIds?.length ? [...props.allowedAccountIds] : undefined,
      // Elastic Beanstalk tags a shared load balancer it attaches to; without this every plan would remove them.
      ignoreTags: [{ keyPrefixes: ["elasticbeanstalk:"] }],
      defaultTags: [
        {
          tags: {
            Project: props.project,
            System: props.system,
            Environment: props.environment,
            ManagedBy: "cdktf", // compat:keep-cdktf a tag value, not a module: renaming it re-tags every resource
            ...props.tags,
          },
        },
      ],
    });
  }
}
