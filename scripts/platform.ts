/**
 * `npm run platform -- copy <application dir>`: copies the Treasury Plane's Elastic Beanstalk platform
 * files (platform/treasury-plane/.platform: the nginx servers of both sign-in paths and the origin-secret
 * hook) into the Django application's directory, as `.platform/`, with their modes, so `eb deploy` ships
 * them. Files of the same name are replaced; other files under `.platform/` are left alone.
 * `npm run platform -- write`: renders the committed files again from lib/sign-in-paths.ts (after a
 * change to the generator; a test fails until they match).
 * Exit codes: 0 done, 2 wrong usage, 3 cannot run here (the application directory does not exist).
 */
import * as fs from "fs";
import * as path from "path";
import { PLATFORM_DIR, PlatformFile, renderTreasuryPlatformFiles } from "../tools/platform/treasury-plane";

const ROOT = path.join(__dirname, "..");
const USAGE = "usage: npm run platform -- copy <application dir> | write";

/** Writes `files` under `dir`, each with its mode; returns one line per file. */
export function writePlatformFiles(dir: string, files: ReadonlyMap<string, PlatformFile>): string[] {
  return [...files].map(([file, { content, mode }]) => {
    const target = path.join(dir, file);
    const before = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : undefined;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    fs.chmodSync(target, mode);
    return `${before === undefined ? "added" : before === content ? "unchanged" : "updated"} ${path.relative(process.cwd(), target)}`;
  });
}

/** The committed files, as they are on disk (what `copy` ships). */
export function committedPlatformFiles(root: string = ROOT): Map<string, PlatformFile> {
  return new Map(
    [...renderTreasuryPlatformFiles().keys()].map((file) => {
      const source = path.join(root, PLATFORM_DIR, file);
      return [file, { content: fs.readFileSync(source, "utf8"), mode: fs.statSync(source).mode & 0o777 }];
    }),
  );
}

function main(args: readonly string[]): number {
  const [command, target, ...rest] = args;
  if (command === "write" && target === undefined) {
    for (const line of writePlatformFiles(path.join(ROOT, PLATFORM_DIR), renderTreasuryPlatformFiles())) console.log(line);
    return 0;
  }
  if (command !== "copy" || target === undefined || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  if (!fs.existsSync(target) || !fs.statSync(target).isDirectory()) {
    console.error(`platform: ${target} is not a directory; give the Django application's root (where eb deploy runs)`);
    return 3;
  }
  for (const line of writePlatformFiles(path.join(target, ".platform"), committedPlatformFiles())) console.log(line);
  console.log("Commit them with the application: eb deploy ships .platform/ in the source bundle.");
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
