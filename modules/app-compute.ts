import { EC2_INSTANCE_TYPE } from "../lib/aws-formats";
import { PropChecks } from "../lib/construct-validation";
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

/** Checks the shared compute props. */
export function checkAppCompute(check: PropChecks, props: AppComputeProps): void {
  const size = props.rootVolumeGb ?? DEFAULT_ROOT_VOLUME_GB;
  check.expect(Number.isInteger(size) && size >= 8 && size <= 16384, "rootVolumeGb", size, "must be a whole number of GiB from 8 to 16384");
  check.format("instanceType", props.instanceType ?? DEFAULT_INSTANCE_TYPE, EC2_INSTANCE_TYPE);
}

/** Refuses a CPU alarm threshold that is not a percentage. */
export function checkCpuPercent(check: PropChecks, cpu: number): void {
  check.expect(cpu > 0 && cpu <= 100, "cpuPercent", cpu, "must be above 0 and at most 100");
}
