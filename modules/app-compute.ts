import { Token } from "cdktf";
import { AppInstanceRole } from "./app-instance-role";
import { MachineImage } from "./machine-image";
import { Network } from "./network";
import { SecurityGroup } from "./security-group";

/** What an application instance is made of, whether it runs alone (AppServer) or in a group (AppFleet). */
export interface AppComputeProps {
  readonly network: Network;
  readonly securityGroup: SecurityGroup;
  readonly instanceRole: AppInstanceRole;
  readonly image: MachineImage;
  /** First-boot script (see app-server/user-data.ts). */
  readonly userData: string;
  /** @default "t3.medium" */
  readonly instanceType?: string;
  /** Encrypted gp3 root volume in GiB. @default 30 */
  readonly rootVolumeGb?: number;
}

export const DEFAULT_INSTANCE_TYPE = "t3.medium";
export const DEFAULT_ROOT_VOLUME_GB = 30;

/** The problems with the shared compute props, each naming the prop, the value and what is allowed. */
export function appComputeProblems(props: AppComputeProps): string[] {
  const problems: string[] = [];
  const size = props.rootVolumeGb ?? DEFAULT_ROOT_VOLUME_GB;
  if (!Number.isInteger(size) || size < 8 || size > 16384) {
    problems.push(`rootVolumeGb must be a whole number of GiB from 8 to 16384, got ${size}`);
  }
  const type = props.instanceType ?? DEFAULT_INSTANCE_TYPE;
  if (!Token.isUnresolved(type) && !/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(type)) {
    problems.push(`instanceType must be an EC2 instance type like t3.medium, got "${type}"`);
  }
  return problems;
}

/** Refuses a CPU alarm threshold that is not a percentage. */
export function checkCpuPercent(construct: string, cpu: number): void {
  if (!(cpu > 0 && cpu <= 100)) throw new Error(`${construct}: cpuPercent must be above 0 and at most 100, got ${cpu}`);
}
