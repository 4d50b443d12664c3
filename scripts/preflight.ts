/**
 * `npm run preflight [-- <stack>...]`: lists every config value that cannot work in a real account
 * (placeholders such as `Z0REPLACEWITHZONEID`, `*-replace-me` buckets, example.com) as file, field,
 * value and what to put there, for every stack or the named ones. Exit 0: none; 1: placeholders (or
 * invalid config); 2: an unknown stack. `npm run plan` and `npm run diff` run it first.
 */
import { loadConfig } from "../stacks/app";
import { runWithSynthesisErrors } from "../tools/docs/app-stacks";
import { placeholdersByStack, preflight } from "../lib/config/preflight";

if (require.main === module) {
  process.exitCode = runWithSynthesisErrors(() => {
    const result = preflight(placeholdersByStack(loadConfig()), process.argv.slice(2));
    (result.exitCode === 0 ? console.log : console.error)(result.report);
    return result.exitCode;
  });
}
