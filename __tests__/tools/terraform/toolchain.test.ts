import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  compareVersions,
  findToolchain,
  impliedMirrorDirectories,
  mirrorVersions,
  PROVIDER_MIRROR_VARIABLE,
  searchMirrors,
  ToolchainUnavailable,
} from "../../../tools/terraform/toolchain";
import { decideTerraformHere } from "../../support/terraform";

const PLATFORM = `${process.platform}_${process.arch === "x64" ? "amd64" : process.arch}`;

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "toolchain-test-"));
afterAll(() => fs.rmSync(workspace, { recursive: true, force: true }));

/** A fake filesystem mirror holding the given hashicorp/aws versions (unpacked, or packed as zips). */
function fakeMirror(unpacked: string[], packed: string[] = []): string {
  const mirror = fs.mkdtempSync(path.join(workspace, "mirror-"));
  const provider = path.join(mirror, "registry.terraform.io", "hashicorp", "aws");
  for (const version of unpacked) {
    fs.mkdirSync(path.join(provider, version, PLATFORM), { recursive: true });
    fs.writeFileSync(path.join(provider, version, PLATFORM, `terraform-provider-aws_v${version}_x5`), "");
  }
  fs.mkdirSync(provider, { recursive: true });
  for (const version of packed) fs.writeFileSync(path.join(provider, `terraform-provider-aws_${version}_${PLATFORM}.zip`), "");
  return mirror;
}

describe("finding an AWS provider", () => {
  test("GIVEN both mirror layouts THEN they are read and versions sorted numerically", () => {
    const mirror = fakeMirror(["5.100.0", "5.9.0"], ["6.2.0"]);
    expect(mirrorVersions(mirror)).toEqual(["5.9.0", "5.100.0", "6.2.0"]);
  });

  test("GIVEN a version folder without a provider binary for this platform THEN it is not a version", () => {
    const mirror = fakeMirror([]);
    fs.mkdirSync(path.join(mirror, "registry.terraform.io", "hashicorp", "aws", "5.1.0", "other_os"), { recursive: true });
    expect(mirrorVersions(mirror)).toEqual([]);
  });

  test("GIVEN two versions THEN they are compared by number, not text", () => {
    expect(["5.100.0", "6.25.0", "5.9.1"].sort(compareVersions)).toEqual(["5.9.1", "5.100.0", "6.25.0"]);
  });

  test("GIVEN Linux THEN Terraform's implied mirror directories follow the XDG variables", () => {
    expect(impliedMirrorDirectories({ HOME: "/home/op", XDG_DATA_HOME: "/data", XDG_DATA_DIRS: "/a:/b" }, "linux")).toEqual([
      "/home/op/.terraform.d/plugins",
      "/data/terraform/plugins",
      "/a/terraform/plugins",
      "/b/terraform/plugins",
    ]);
  });

  test("GIVEN a mirror a few levels below a root THEN a bounded search finds it", () => {
    const root = fs.mkdtempSync(path.join(workspace, "root-"));
    const mirror = path.join(root, "tools", "terraform-mirror");
    fs.mkdirSync(path.dirname(mirror), { recursive: true });
    fs.renameSync(fakeMirror(["5.100.0"]), mirror);
    expect(searchMirrors([root], 2)).toEqual([mirror]);
    expect(searchMirrors([root], 1)).toEqual([]);
  });

  test(`GIVEN ${PROVIDER_MIRROR_VARIABLE} naming a folder without hashicorp/aws THEN it is refused by name`, () => {
    const empty = fs.mkdtempSync(path.join(workspace, "empty-"));
    const attempt = () => findToolchain("6.25.0", { ...process.env, [PROVIDER_MIRROR_VARIABLE]: empty });
    expect(attempt).toThrow(ToolchainUnavailable);
    expect(attempt).toThrow(`${PROVIDER_MIRROR_VARIABLE}=${empty} holds no registry.terraform.io/hashicorp/aws`);
  });

  test("GIVEN no terraform on PATH THEN it is reported with what to install", () => {
    expect(() => findToolchain("6.25.0", { ...process.env, PATH: "/nonexistent" })).toThrow(
      /no terraform binary on PATH: install Terraform/,
    );
  });
});

describe("when the Terraform checks cannot run", () => {
  const noTerraform = { ...process.env, PATH: "/nonexistent" };

  test("GIVEN no terraform under CI=true THEN the suite fails, saying what to install", () => {
    expect(() => decideTerraformHere("6.25.0", { ...noTerraform, CI: "true" })).toThrow(
      /^CI=true and the Terraform checks cannot run: no terraform binary on PATH: install Terraform/,
    );
  });

  test("GIVEN no terraform outside CI THEN the checks are skipped with the reason", () => {
    expect(decideTerraformHere("6.25.0", { ...noTerraform, CI: undefined })).toEqual({
      skipReason: expect.stringContaining("no terraform binary on PATH"),
    });
  });
});
