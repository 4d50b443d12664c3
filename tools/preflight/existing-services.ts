/**
 * Account-wide security services that allow one per account and Region, or that an organization already
 * runs: a stack that creates its own where one exists stops half-way through its apply.
 *
 * - GuardDuty: one detector per account and Region; CreateDetector answers "a detector already exists for
 *   the current account" (hashicorp/terraform-provider-aws#11780). Accounts in an organization with
 *   GuardDuty auto-enabled have one before the first apply.
 * - AWS Config: one customer managed configuration recorder per account and Region, and one delivery
 *   channel (https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html;
 *   service-linked recorders do not take that place). Control Tower creates both.
 * - CloudTrail: an organization trail already logs every member account. A second trail of its own is
 *   legal (five trails per Region) but pays for a second copy of management events
 *   (https://aws.amazon.com/cloudtrail/pricing/), so it is a warning, not a failure.
 *
 * Each fix names the config switch that adopts what exists instead.
 */
import { AccountReader, Observed, TrailInRegion } from "./aws";
import { CheckResult, rowFor } from "./report";
import { homeRegion, isImported, PreflightStack, regionOf, StackKind, stackOwning } from "./stacks";
import { literal, TfResource } from "../docs/terraform-json";

export type ServiceConcern = "guardDuty" | "configRecorder" | "deliveryChannel" | "organizationTrail";

interface Switch {
  /** Dotted path in the stack's config file. */
  readonly field: string;
  /** The value that uses what the account already has. */
  readonly adopt: string;
  readonly values: readonly string[];
}

const COHERENT_SECURITY = (name: string, adopt: string, values: readonly string[]): Switch => ({
  field: `security.${name}`,
  adopt,
  values,
});

/** The config switches that adopt what exists, per config family (the delivery channel goes with the recorder). */
const ADOPT_SWITCHES: Readonly<Record<StackKind, Partial<Record<ServiceConcern, Switch>>>> = {
  stateBackend: {},
  coherent: {
    guardDuty: COHERENT_SECURITY("guardDuty", "adopt", ["create", "adopt", "off"]),
    configRecorder: COHERENT_SECURITY("configRecorder", "adopt", ["create", "adopt", "off"]),
    deliveryChannel: COHERENT_SECURITY("configRecorder", "adopt", ["create", "adopt", "off"]),
    organizationTrail: COHERENT_SECURITY("cloudTrail", "organization", ["create", "organization", "off"]),
  },
  treasuryPlane: {
    organizationTrail: { field: "cloudTrail", adopt: "organization", values: ["create", "organization"] },
  },
};

const RESOURCE_TYPE: Record<ServiceConcern, string> = {
  guardDuty: "aws_guardduty_detector",
  configRecorder: "aws_config_configuration_recorder",
  deliveryChannel: "aws_config_delivery_channel",
  organizationTrail: "aws_cloudtrail",
};

const CHECK_NAME: Record<ServiceConcern, string> = {
  guardDuty: "GuardDuty detector",
  configRecorder: "Config recorder",
  deliveryChannel: "Config delivery channel",
  organizationTrail: "organization trail",
};

/** A switch's value in the stack's config, read by name: the field may be absent from older schemas. */
function switchValue(stack: PreflightStack, concern: ServiceConcern): string | undefined {
  const field = ADOPT_SWITCHES[stack.kind][concern]?.field;
  let value: unknown = stack.config;
  for (const key of field?.split(".") ?? [])
    value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return field && typeof value === "string" ? value : undefined;
}

/** What a stack does about one concern: creates its own, uses the account's, or neither. */
export type ServiceMode =
  { readonly mode: "create"; readonly resource: TfResource } | { readonly mode: "adopt" } | { readonly mode: "none" };

export function serviceMode(stack: PreflightStack, concern: ServiceConcern): ServiceMode {
  const type = RESOURCE_TYPE[concern];
  const own = stack.model.ofType(type);
  const created = own.find((resource) => !isImported(stack, resource));
  if (created) return { mode: "create", resource: created };
  const adoptValue = ADOPT_SWITCHES[stack.kind][concern]?.adopt;
  const adopting =
    own.length > 0 ||
    Object.keys(stack.json.data?.[type] ?? {}).length > 0 ||
    (adoptValue !== undefined && switchValue(stack, concern) === adoptValue);
  return { mode: adopting ? "adopt" : "none" };
}

/** The Region a concern is checked in: where the stack's resource goes (`mode` is its serviceMode), else the stack's home Region. */
function serviceRegion(stack: PreflightStack, mode: ServiceMode): string {
  return mode.mode === "create" ? regionOf(stack, mode.resource) : homeRegion(stack);
}

/** The services that allow one per account and Region. */
export type OnePerRegion = Exclude<ServiceConcern, "organizationTrail">;
const ONE_PER_REGION: readonly OnePerRegion[] = ["guardDuty", "configRecorder", "deliveryChannel"];

/** A detector (known by its tags), recorder or delivery channel (known by name) in the account. */
export interface ExistingItem {
  readonly id: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** What the account already has, as the runner read it. */
export interface AccountServices {
  /** Customer managed recorders only: service-linked ones do not take the Region's place. */
  existing(concern: OnePerRegion, region: string): Observed<readonly ExistingItem[]>;
  trails(region: string): Observed<readonly TrailInRegion[]>;
}

function fixFor(stack: PreflightStack, concern: ServiceConcern, value: "adopt" | "create"): string {
  const choice = ADOPT_SWITCHES[stack.kind][concern];
  if (!choice) return `no config switch of ${stack.file} covers the ${CHECK_NAME[concern]}; apply this stack in an account without one`;
  const wanted = value === "adopt" ? choice.adopt : "create";
  return `set ${choice.field} to "${wanted}" in ${stack.file} (allowed: ${choice.values.map((entry) => `"${entry}"`).join(", ")})`;
}

/**
 * The existing-services checks of one stack. `earlier` are the stacks applied before it in the same
 * account: one of them creating the Region's only detector or recorder takes the place too.
 */
export function existingServiceChecks(stack: PreflightStack, earlier: readonly PreflightStack[], account: AccountServices): CheckResult[] {
  const results: CheckResult[] = [];
  for (const concern of ONE_PER_REGION) {
    const mode = serviceMode(stack, concern);
    if (mode.mode === "none") continue;
    const region = serviceRegion(stack, mode);
    const existing = account.existing(concern, region);
    const result = rowFor(stack.name, CHECK_NAME[concern]);
    if (!existing.ok) {
      results.push(result("cannot run", existing.cannotRun));
      continue;
    }
    const first = earlier.find((other) => {
      const theirs = serviceMode(other, concern);
      return theirs.mode === "create" && serviceRegion(other, theirs) === region;
    });
    // An item this stack created in an earlier apply carries its default tags (a detector) or its name.
    const own = stack.model.ofType(RESOURCE_TYPE[concern]).map((resource) => literal(resource.config.name));
    const isOurs = (item: ExistingItem) =>
      own.includes(item.id) || (item.tags !== undefined && stackOwning(item.tags, [stack]) !== undefined);
    const ours = existing.value.filter(isOurs).map((item) => item.id);
    const others = existing.value.filter((item) => !isOurs(item)).map((item) => item.id);
    const what = `${CHECK_NAME[concern]} in ${region}`;
    if (mode.mode === "adopt") {
      const adopted = [...others, ...ours][0] ?? (first ? `the one ${first.name} creates` : undefined);
      results.push(
        adopted
          ? result("pass", `adopts the ${what}: ${adopted}`)
          : result("fail", `adopts the ${what}, but the account has none there`, fixFor(stack, concern, "create")),
      );
    } else if (others.length > 0) {
      results.push(
        result(
          "fail",
          `a ${what} already exists (${others.join(", ")}); one per account and Region, so creating another fails the apply half-way`,
          fixFor(stack, concern, "adopt"),
        ),
      );
    } else if (first) {
      results.push(
        result(
          "fail",
          `${first.name}, applied before this stack, creates the ${what} (one per account and Region)`,
          fixFor(stack, concern, "adopt"),
        ),
      );
    } else {
      results.push(
        result("pass", ours.length ? `exists, created by this stack: ${ours.join(", ")}` : `none yet; this stack creates the ${what}`),
      );
    }
  }
  const trail = organizationTrailCheck(stack, account);
  return trail ? [...results, trail] : results;
}

function organizationTrailCheck(stack: PreflightStack, account: AccountServices): CheckResult | undefined {
  const mode = serviceMode(stack, "organizationTrail");
  if (mode.mode === "none") return undefined;
  const region = serviceRegion(stack, mode);
  const trails = account.trails(region);
  const result = rowFor(stack.name, CHECK_NAME.organizationTrail);
  if (!trails.ok) return result("cannot run", trails.cannotRun);
  const organization = trails.value.filter((trail) => trail.organization).map((trail) => `${trail.name} (${trail.arn})`);
  if (mode.mode === "adopt") {
    return organization.length
      ? result("pass", `the organization trail ${organization.join(", ")} logs this account`)
      : result(
          "fail",
          `relies on an organization trail, but none logs this account in ${region}: nothing would record its API calls`,
          fixFor(stack, "organizationTrail", "create"),
        );
  }
  return organization.length
    ? result(
        "warn",
        `the organization trail ${organization.join(", ")} already logs this account; this stack's own trail pays for a second copy of management events`,
        fixFor(stack, "organizationTrail", "adopt"),
      )
    : result("pass", `no organization trail in ${region}; this stack's own trail logs the account`);
}

const NOT_READ: Observed<never[]> = { ok: false, cannotRun: "not read" };

/** Reads what the account has for each concern and Region the stacks create or adopt. */
async function readAccountServices(reader: AccountReader, stacks: readonly PreflightStack[]): Promise<AccountServices> {
  const existing = new Map<string, Observed<readonly ExistingItem[]>>();
  const trails = new Map<string, Observed<readonly TrailInRegion[]>>();
  const reads = stacks.flatMap((stack) =>
    (["guardDuty", "configRecorder", "deliveryChannel", "organizationTrail"] as const)
      .map((concern) => ({ concern, mode: serviceMode(stack, concern) }))
      .filter(({ mode }) => mode.mode !== "none")
      .map(async ({ concern, mode }) => {
        const region = serviceRegion(stack, mode);
        if (concern === "organizationTrail") trails.set(region, await reader.trails(region));
        else existing.set(`${concern} ${region}`, await readExisting(reader, concern, region));
      }),
  );
  await Promise.all(reads);
  return {
    existing: (concern, region) => existing.get(`${concern} ${region}`) ?? NOT_READ,
    trails: (region) => trails.get(region) ?? NOT_READ,
  };
}

async function readExisting(reader: AccountReader, concern: OnePerRegion, region: string): Promise<Observed<readonly ExistingItem[]>> {
  if (concern === "guardDuty") return reader.guardDutyDetectors(region);
  const names = concern === "configRecorder" ? await reader.configRecorders(region) : await reader.deliveryChannels(region);
  if (!names.ok) return names;
  return {
    ok: true,
    value: names.value
      .filter((entry) => typeof entry === "string" || !entry.serviceLinked)
      .map((entry) => ({ id: typeof entry === "string" ? entry : entry.name })),
  };
}

/**
 * The existing-services rows of the `selected` stacks; `inAccount` are all stacks applied to the same
 * account, in apply order (an earlier one may create the Region's only detector or recorder).
 */
export async function existingServiceLiveChecks(
  inAccount: readonly PreflightStack[],
  selected: readonly PreflightStack[],
  reader: AccountReader,
): Promise<CheckResult[]> {
  const services = await readAccountServices(reader, selected);
  return selected.flatMap((stack) => existingServiceChecks(stack, inAccount.slice(0, inAccount.indexOf(stack)), services));
}
