/**
 * The Node.js majors this project supports, read from package.json `engines.node`: the one place they
 * are stated. CI's matrix and `npm run test:node` are checked against it.
 */
import * as fs from "fs";
import * as path from "path";

const MAJOR_RANGE = /^\^(\d+)\.\d+\.\d+$/;

/** The majors of a range written as `^20.19.0 || ^22.13.0 || ^24.0.0`; throws on any other form. */
export function engineMajors(range: string): number[] {
  return range.split("||").map((part) => {
    const match = MAJOR_RANGE.exec(part.trim());
    if (!match) {
      throw new Error(
        `package.json engines.node: "${part.trim()}" in "${range}" is not of the form ^<major>.<minor>.<patch>; ` +
          `list each supported (tested) Node.js major on its own, e.g. "^22.13.0 || ^24.0.0"`,
      );
    }
    return Number(match[1]);
  });
}

const { engines } = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { engines: { node: string } };
export const SUPPORTED_NODE_MAJORS: readonly number[] = engineMajors(engines.node);
