import { Construct } from "constructs";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { propChecks } from "../lib/construct-validation";
import { SSM_PARAMETER_PATH } from "../lib/aws-formats";
import { DEFAULT_CHILD_ID } from "../lib/platform-stack";

export interface MachineImageProps {
  /**
   * Public SSM parameter holding the current image id, e.g. Canonical's
   * `/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id`.
   */
  readonly ssmParameterName: string;
  /** Root device of the image, where launch templates attach the root volume. @default "/dev/sda1" (Ubuntu) */
  readonly rootDeviceName?: string;
}

/**
 * An AMI looked up at plan time from the vendor's SSM parameter, so no image id is ever hard-coded
 * and each plan sees the vendor's current patched image.
 */
export class MachineImage extends Construct {
  readonly imageId: string;
  readonly rootDeviceName: string;

  constructor(scope: Construct, id: string, props: MachineImageProps) {
    super(scope, id);
    const check = propChecks(this);
    check.format("ssmParameterName", props.ssmParameterName, SSM_PARAMETER_PATH);
    const rootDeviceName = props.rootDeviceName ?? "/dev/sda1";
    check.expect(/^\/dev\/[a-z0-9]+$/.test(rootDeviceName), "rootDeviceName", rootDeviceName, "must be a device path like /dev/sda1");
    this.imageId = new DataAwsSsmParameter(this, DEFAULT_CHILD_ID, { name: props.ssmParameterName }).value;
    this.rootDeviceName = rootDeviceName;
  }
}
