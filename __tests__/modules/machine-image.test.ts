import { MachineImage } from "../../modules/machine-image";
import { moduleTestStack, synthModule } from "../support/synth";

const UBUNTU_2204 = "/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id";

describe("MachineImage", () => {
  test("GIVEN Canonical's SSM parameter THEN the image id is read at plan time, never hard-coded", () => {
    const { json, construct } = synthModule((stack) => new MachineImage(stack, "ubuntu-ami", { ssmParameterName: UBUNTU_2204 }));
    expect(json.data?.aws_ssm_parameter?.["ubuntu-ami"]).toEqual({ name: UBUNTU_2204 });
    expect(construct.imageId).toMatch(/TfToken/);
    expect(construct.rootDeviceName).toBe("/dev/sda1");
  });

  test.each([
    [
      { ssmParameterName: "ami-0123456789abcdef0" },
      /MachineImage "test\/ami": ssmParameterName = "ami-0123456789abcdef0": must be an SSM parameter path like \/aws\/service\/\.\.\./,
    ],
    [
      { ssmParameterName: UBUNTU_2204, rootDeviceName: "sda1" },
      /MachineImage "test\/ami": rootDeviceName = "sda1": must be a device path like \/dev\/sda1/,
    ],
  ])("GIVEN %j THEN it is refused", (props, message) => {
    expect(() => new MachineImage(moduleTestStack(), "ami", props)).toThrow(message);
  });
});
