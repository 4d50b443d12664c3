/**
 * Input validation for constructs: one error type, one message shape, the same as a config file's
 * (`<where>: <field> = <value>: <what is allowed>`), and unresolved tokens skipped, since their value
 * is only known to Terraform.
 */
import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { AwsFormat, AwsRange, hasFormat, inRange } from "./aws-formats";

/** A prop a construct refuses: names the construct (type and path), the prop, the value and what is allowed. */
export class ConstructValidationError extends Error {
  constructor(
    /** `AuroraServerless "treasury-plane-dev/aurora"`. */
    readonly construct: string,
    readonly prop: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`${construct}: ${prop} = ${shownValue(value)}: ${allowed}`);
    this.name = "ConstructValidationError";
  }
}

function shownValue(value: unknown): string {
  if (value === undefined) return "(missing)";
  if (typeof value === "string" && Token.isUnresolved(value)) return value;
  return JSON.stringify(value);
}

/** `Network "stack/network"`, the construct as errors name it. */
export function constructLabel(construct: IConstruct): string {
  return `${construct.constructor.name} "${construct.node.path}"`;
}

/** The checks of one construct's props; each throws a ConstructValidationError naming that construct. */
export class PropChecks {
  private readonly label: string;

  constructor(construct: IConstruct, detail?: string) {
    this.label = detail ? `${constructLabel(construct)} ${detail}` : constructLabel(construct);
  }

  /** Refuses `value` of `prop` outright. */
  fail(prop: string, value: unknown, allowed: string): never {
    throw new ConstructValidationError(this.label, prop, value, allowed);
  }

  /** Refuses `value` unless `ok`; a value that is an unresolved token is not judged. */
  expect(ok: boolean, prop: string, value: unknown, allowed: string): void {
    if (!ok && !isUnresolved(value)) this.fail(prop, value, allowed);
  }

  /** Refuses a string without `format`; unset and unresolved values pass. */
  format(prop: string, value: string | undefined, format: AwsFormat): void {
    if (value !== undefined) this.expect(hasFormat(format, value), prop, value, format.allowed);
  }

  /** Refuses a number outside `range`; unresolved values pass. */
  range(prop: string, value: number, range: AwsRange): void {
    this.expect(inRange(range, value), prop, value, range.allowed);
  }
}

function isUnresolved(value: unknown): boolean {
  return (typeof value === "string" || typeof value === "number") && Token.isUnresolved(value);
}

/** The checks for `construct`'s props; `detail` narrows the place, e.g. `rule "ssh"`. */
export function propChecks(construct: IConstruct, detail?: string): PropChecks {
  return new PropChecks(construct, detail);
}
