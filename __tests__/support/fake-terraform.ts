/** A stand-in `terraform` on PATH, for the commands' handling of what terraform answers. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface FakeTerraform {
  /** What `terraform version -json` reports. @default "1.11.4" */
  readonly version?: string;
  /** What `terraform init` prints and its exit code. @default - prints nothing, exits 0 */
  readonly init?: { readonly output: string; readonly code: number };
  /** `terraform plan`'s exit code; its arguments go to `$PWD/plan-args`. @default 0 */
  readonly planCode?: number;
  /** A file every call appends its arguments to, one line per call. */
  readonly callLog?: string;
}

/** An environment whose PATH holds only the fake `terraform` and the system's tools. */
export function fakeTerraform(fake: FakeTerraform = {}): NodeJS.ProcessEnv {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), "fake-tf-"));
  const init = fake.init ?? { output: "", code: 0 };
  const script = [
    "#!/bin/sh",
    ...(fake.callLog ? [`echo "$*" >> "${fake.callLog}"`] : []),
    `case "$1" in`,
    `  version) echo '{"terraform_version":"${fake.version ?? "1.11.4"}"}';;`,
    `  init) cat <<'OUT'\n${init.output}\nOUT\n  exit ${init.code};;`,
    `  plan) echo "plan $*" > "$PWD/plan-args"; exit ${fake.planCode ?? 0};;`,
    "esac",
    "exit 0",
  ].join("\n");
  fs.writeFileSync(path.join(bin, "terraform"), script, { mode: 0o755 });
  return { ...process.env, PATH: `${bin}:/usr/bin:/bin` };
}
