/**
 * `npm run trust-store -- bundle <bundle.pem>`: checks a CA bundle as the ALB trust store will read it
 * (every certificate parses, is a CA, has not expired, 30-day warning; at most 25 certificates of 16 KB,
 * chains of at most 4).
 * `npm run trust-store -- crl --bundle <bundle.pem> [--bucket <bucket> --prefix <key prefix>] <crl>...`:
 * checks certificate revocation lists (DER or PEM; signed by a CA of the bundle; nextUpdate in the future;
 * at most 30 files, 50 MB each, 500,000 entries) and prints the upload commands and the
 * `mutualTls.revocationLists` config lines to set. The refresh routine is in docs/operations.md.
 * Exit codes: 0 fine (warnings may be printed), 1 a problem the ALB would refuse or that weakens the
 * check, 2 wrong usage or an unreadable file.
 */
import * as fs from "fs";
import * as path from "path";
import { X509Certificate } from "crypto";
import { checkBundle, readBundle, TrustStoreCheck } from "../tools/trust-store/bundle";
import { checkRevocationLists } from "../tools/trust-store/crl";

const USAGE =
  "usage: npm run trust-store -- bundle <bundle.pem>\n" +
  "       npm run trust-store -- crl --bundle <bundle.pem> [--bucket <bucket> --prefix <key prefix>] <crl file>...";

/** Prints a check and returns its exit code. */
function report(check: TrustStoreCheck): number {
  for (const line of check.summary) console.log(line);
  for (const warning of check.warnings) console.warn(`warning: ${warning}`);
  for (const error of check.errors) console.error(`error: ${error}`);
  return check.errors.length > 0 ? 1 : 0;
}

/** The values after `--name` flags, and the remaining arguments. */
function options(args: readonly string[], names: readonly string[]): { values: Record<string, string>; rest: string[] } {
  const values: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].replace(/^--/, "");
    if (args[i].startsWith("--") && names.includes(name) && args[i + 1] !== undefined) values[name] = args[++i];
    else rest.push(args[i]);
  }
  return { values, rest };
}

/** The config lines to set after uploading `files` under `bucket`/`prefix`. */
export function revocationConfigLines(files: readonly string[], bucket: string, prefix: string): string[] {
  const key = (file: string) => `${prefix.replace(/\/+$/, "")}/${path.basename(file)}`;
  return [
    "Upload each list (the command prints the new object's VersionId):",
    ...files.map((file) => `  aws s3api put-object --bucket ${bucket} --key ${key(file)} --body ${file} --query VersionId --output text`),
    "then set in config/treasury-plane-<env>.json, with each VersionId:",
    '  "revocationLists": [',
    ...files.map(
      (file, index) =>
        `    { "bucket": "${bucket}", "key": "${key(file)}", "objectVersion": "<VersionId of ${path.basename(file)}>" }${index < files.length - 1 ? "," : ""}`,
    ),
    "  ]",
  ];
}

function main(args: readonly string[]): number {
  const [command, ...rest] = args;
  const read = (file: string) => {
    if (!fs.existsSync(file)) throw new Error(`trust-store: ${file} does not exist`);
    return fs.readFileSync(file);
  };
  try {
    if (command === "bundle" && rest.length === 1) return report(checkBundle(rest[0], read(rest[0]).toString("utf8")));
    if (command === "crl") {
      const { values, rest: files } = options(rest, ["bundle", "bucket", "prefix"]);
      if (!values.bundle || files.length === 0 || (values.bucket === undefined) !== (values.prefix === undefined)) {
        console.error(USAGE);
        return 2;
      }
      const bundle = readBundle(read(values.bundle).toString("utf8")).flatMap((entry): X509Certificate[] =>
        entry.certificate ? [entry.certificate] : [],
      );
      const code = report(
        checkRevocationLists(
          files.map((file) => ({ file, content: read(file) })),
          bundle,
        ),
      );
      if (code === 0 && values.bucket && values.prefix)
        for (const line of revocationConfigLines(files, values.bucket, values.prefix)) console.log(line);
      return code;
    }
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  console.error(USAGE);
  return 2;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
