/**
 * Finds what the Terraform checks need on this machine: a `terraform` binary and a hashicorp/aws
 * provider, and gives every Terraform process its own CLI config and plugin cache, so nothing depends
 * on the user's `~/.terraformrc` and nothing is written outside the system's temporary directory.
 *
 * The provider is the version the synthesized stacks pin when `terraform init` can install it (from a
 * mirror that holds it, or from the registry); otherwise the newest hashicorp/aws in a filesystem mirror,
 * named by TERRAFORM_PROVIDER_MIRROR, or else found in Terraform's implied local mirror directories
 * (https://developer.hashicorp.com/terraform/cli/config/config-file#implied-local-mirror-directories) or,
 * a few levels deep, under the filesystem's add-on package roots (/opt, /usr/local, /srv), where machine
 * images put shared mirrors. No machine's path is written here.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";

/** Environment variable naming a filesystem mirror that holds hashicorp/aws (packed or unpacked layout). */
export const PROVIDER_MIRROR_VARIABLE = "TERRAFORM_PROVIDER_MIRROR";
const PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/aws";
/** Scratch root under the system temporary directory; the plugin cache in it is reused across runs. */
export const SCRATCH_ROOT = path.join(os.tmpdir(), "platforms-terraform");

export interface ProviderChoice {
  /** Version every check runs against. */
  readonly version: string;
  /** The version the stacks pin (`required_providers.aws.version`). */
  readonly pinnedVersion: string;
  /** The filesystem mirror it comes from; undefined when the registry supplied it. */
  readonly mirror?: string;
}

export interface Toolchain {
  readonly terraformVersion: string;
  readonly provider: ProviderChoice;
  /** Environment for every Terraform process: the harness's CLI config, no prompts, no telemetry. */
  readonly env: NodeJS.ProcessEnv;
  /** True when checks run against a provider other than the pinned one (the scratch copies are rewritten). */
  readonly fallback: boolean;
  /** One line for test and command output saying what the checks ran against. */
  readonly summary: string;
  /** `.terraform.lock.hcl` for the chosen provider, written into every scratch copy. */
  readonly lockFile: string;
}

/** Why the checks cannot run here, with what to install. */
export class ToolchainUnavailable extends Error {}

/** Terraform's implied local mirror directories on this OS (the user's, then the system's). */
export function impliedMirrorDirectories(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string[] {
  const home = env.HOME ?? os.homedir();
  if (platform === "win32") return [path.join(env.APPDATA ?? home, "terraform.d", "plugins")];
  const dirs = [path.join(home, ".terraform.d", "plugins")];
  if (platform === "darwin")
    dirs.push(
      path.join(home, "Library", "Application Support", "io.terraform", "plugins"),
      "/Library/Application Support/io.terraform/plugins",
    );
  const dataHome = env.XDG_DATA_HOME || path.join(home, ".local", "share");
  const dataDirs = (env.XDG_DATA_DIRS || "/usr/local/share:/usr/share").split(":").filter(Boolean);
  for (const dir of [dataHome, ...dataDirs]) dirs.push(path.join(dir, "terraform", "plugins"));
  return dirs;
}

/** Roots searched (a few levels deep) for a mirror when none is named: where machine images put add-ons. */
const ADD_ON_ROOTS = ["/opt", "/usr/local", "/srv"];
const SEARCH_DEPTH = 3;

/** Directories below `roots` (at most `depth` levels) that are provider mirrors holding hashicorp/aws. */
export function searchMirrors(roots: readonly string[], depth = SEARCH_DEPTH): string[] {
  const found: string[] = [];
  const visit = (dir: string, level: number) => {
    if (fs.existsSync(path.join(dir, PROVIDER_ADDRESS))) {
      found.push(dir);
      return;
    }
    if (level >= depth) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable: not ours to search
    }
    for (const entry of entries) if (entry.isDirectory() && !entry.name.startsWith(".")) visit(path.join(dir, entry.name), level + 1);
  };
  for (const root of roots) visit(root, 0);
  return found;
}

/** hashicorp/aws versions a mirror holds for this machine's platform, in either mirror layout. */
export function mirrorVersions(mirror: string, platform = terraformPlatform()): string[] {
  const providerDir = path.join(mirror, PROVIDER_ADDRESS);
  if (!fs.existsSync(providerDir)) return [];
  const versions = new Set<string>();
  for (const entry of fs.readdirSync(providerDir)) {
    // Unpacked: <version>/<os_arch>/terraform-provider-aws_*; packed: terraform-provider-aws_<version>_<os_arch>.zip
    const unpacked = path.join(providerDir, entry, platform);
    if (fs.existsSync(unpacked) && fs.readdirSync(unpacked).some((file) => file.startsWith("terraform-provider-aws"))) versions.add(entry);
    const packed = new RegExp(`^terraform-provider-aws_(.+)_${platform}\\.zip$`).exec(entry);
    if (packed) versions.add(packed[1]);
  }
  return [...versions].sort(compareVersions);
}

export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const [x, y] = [pa[i] ?? 0, pb[i] ?? 0];
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x).localeCompare(String(y));
  }
  return 0;
}

function terraformPlatform(): string {
  const arch = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" }[process.arch as string] ?? process.arch;
  return `${process.platform === "win32" ? "windows" : process.platform}_${arch}`;
}

function hcl(value: string): string {
  return JSON.stringify(value);
}

/** A CLI config: the mirror (when any) for hashicorp providers, the registry only if asked, one plugin cache. */
function writeCliConfig(name: string, mirror: string | undefined, direct: boolean): string {
  const pluginCache = path.join(SCRATCH_ROOT, "plugin-cache");
  fs.mkdirSync(pluginCache, { recursive: true });
  const methods = [
    mirror && `  filesystem_mirror {\n    path    = ${hcl(mirror)}\n    include = ["registry.terraform.io/hashicorp/*"]\n  }`,
    direct && "  direct {}",
  ].filter(Boolean);
  const file = path.join(SCRATCH_ROOT, `${name}.tfrc`);
  fs.writeFileSync(file, `provider_installation {\n${methods.join("\n")}\n}\nplugin_cache_dir = ${hcl(pluginCache)}\n`);
  return file;
}

function terraformEnv(cliConfig: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
  // The user's own overrides would defeat the point of a private config.
  for (const name of [
    "TF_PLUGIN_CACHE_DIR",
    "TF_DATA_DIR",
    "TF_CLI_ARGS",
    "TF_CLI_ARGS_init",
    "TF_CLI_ARGS_validate",
    "TF_CLI_ARGS_test",
  ]) {
    delete env[name];
  }
  return env;
}

/**
 * Installs exactly `version` into the plugin cache with this CLI config and returns the dependency lock
 * file it produced, or undefined when `terraform init` cannot install it. Every scratch copy gets that lock
 * file, so parallel `terraform init`s link the cached provider instead of racing to reinstall it.
 */
function installProvider(version: string, env: NodeJS.ProcessEnv): string | undefined {
  const dir = fs.mkdtempSync(path.join(SCRATCH_ROOT, "probe-"));
  try {
    const config = { terraform: { required_providers: { aws: { source: "hashicorp/aws", version } } } };
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(config));
    const init = spawnSync("terraform", ["init", "-backend=false", "-input=false", "-no-color"], {
      cwd: dir,
      env,
      encoding: "utf8",
      timeout: 300_000,
    });
    return init.status === 0 ? fs.readFileSync(path.join(dir, ".terraform.lock.hcl"), "utf8") : undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const INSTALL_TERRAFORM =
  "install Terraform >= 1.10 (HashiCorp's apt/yum repository, `brew install hashicorp/tap/terraform`, or tfenv) and put it on PATH";

/**
 * Decides, once per process, what the Terraform checks run with. Throws ToolchainUnavailable saying what
 * to install when there is no terraform or no usable AWS provider.
 */
export function findToolchain(pinnedVersion: string, env: NodeJS.ProcessEnv = process.env): Toolchain {
  fs.mkdirSync(SCRATCH_ROOT, { recursive: true });
  const version = spawnSync("terraform", ["version", "-json"], { encoding: "utf8", env: { ...env, CHECKPOINT_DISABLE: "1" } });
  if (version.error || version.status !== 0) throw new ToolchainUnavailable(`no terraform binary on PATH: ${INSTALL_TERRAFORM}`);
  const terraformVersion = (JSON.parse(version.stdout) as { terraform_version: string }).terraform_version;

  const named = env[PROVIDER_MIRROR_VARIABLE];
  if (named && mirrorVersions(named).length === 0) {
    throw new ToolchainUnavailable(`${PROVIDER_MIRROR_VARIABLE}=${named} holds no ${PROVIDER_ADDRESS} for ${terraformPlatform()}`);
  }
  const implied = impliedMirrorDirectories(env).filter((dir) => mirrorVersions(dir).length > 0);
  const mirrors = named
    ? [named]
    : implied.length > 0
      ? implied
      : searchMirrors(ADD_ON_ROOTS).filter((dir) => mirrorVersions(dir).length > 0);
  const mirrorWithPinned = mirrors.find((dir) => mirrorVersions(dir).includes(pinnedVersion));
  if (mirrorWithPinned) {
    return toolchain(
      terraformVersion,
      { version: pinnedVersion, pinnedVersion, mirror: mirrorWithPinned },
      writeCliConfig("pinned", mirrorWithPinned, false),
    );
  }
  const registryConfig = writeCliConfig("registry", undefined, true);
  const fromRegistry = installProvider(pinnedVersion, terraformEnv(registryConfig));
  if (fromRegistry) return toolchain(terraformVersion, { version: pinnedVersion, pinnedVersion }, registryConfig, fromRegistry);
  const newest = mirrors
    .flatMap((mirror) => mirrorVersions(mirror).map((v) => ({ mirror, version: v })))
    .sort((a, b) => compareVersions(a.version, b.version))
    .pop();
  if (!newest) {
    throw new ToolchainUnavailable(
      `terraform cannot install the pinned ${PROVIDER_ADDRESS} ${pinnedVersion} (no registry access) and no filesystem mirror holds any version: ` +
        `set ${PROVIDER_MIRROR_VARIABLE} to a mirror (\`terraform providers mirror <dir>\` on a connected machine) or allow HTTPS to registry.terraform.io`,
    );
  }
  return toolchain(terraformVersion, { ...newest, pinnedVersion }, writeCliConfig("fallback", newest.mirror, false));
}

function toolchain(terraformVersion: string, provider: ProviderChoice, cliConfig: string, installed?: string): Toolchain {
  const env = terraformEnv(cliConfig);
  const lockFile = installed ?? installProvider(provider.version, env);
  if (!lockFile) throw new ToolchainUnavailable(`terraform init cannot install hashicorp/aws ${provider.version} from ${provider.mirror}`);
  const fallback = provider.version !== provider.pinnedVersion;
  const source = provider.mirror ? `the mirror ${provider.mirror}` : "the registry";
  const summary = fallback
    ? `validated against hashicorp/aws ${provider.version}; the pinned ${provider.pinnedVersion} is not installable here (terraform ${terraformVersion}, provider from ${source})`
    : `validated against the pinned hashicorp/aws ${provider.version} (terraform ${terraformVersion}, provider from ${source})`;
  return { terraformVersion, provider, env, fallback, summary, lockFile };
}
