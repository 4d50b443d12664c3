/**
 * `npm run preflight [-- <stack>...]`: lists every config value that cannot work in a real account
 * (placeholders such as `Z0REPLACEWITHZONEID`, `*-replace-me` buckets, example.com) as file, field,
 * value and what to put there, for every stack or the named ones, and checks a CA bundle kept in this
 * repository (`mutualTls.caBundle.pemFile`) as the ALB trust store will read it. Exit 0: none; 1:
 * placeholders, a bundle the ALB would refuse (or invalid config); 2: an unknown stack. `npm run plan`
 * and `npm run diff` run it first.
 */
import * as path from "path";
import { loadConfig } from "../stacks/app";
import { repositoryBundleChecks } from "../tools/trust-store/bundle";
import { runWithSynthesisErrors } from "../tools/docs/app-stacks";
import { placeholdersByStack, preflight } from "../lib/config/preflight";

if (require.main === module) {
  process.exitCode = runWithSynthesisErrors(() => {
    const config = loadConfig();
    const wanted = process.argv.slice(2);
    const result = preflight(placeholdersByStack(config), wanted);
    (result.exitCode === 0 ? console.log : console.error)(result.report);
    if (result.exitCode === 2) return result.exitCode;
    // A CA bundle kept in this repository is checked as the ALB trust store will read it.
    const bundles = repositoryBundleChecks(config, path.join(__dirname, ".."), wanted);
    for (const warning of bundles.warnings) console.warn(`warning: ${warning}`);
    for (const error of bundles.errors) console.error(`error: ${error}`);
    return bundles.errors.length > 0 ? 1 : result.exitCode;
  });
}
