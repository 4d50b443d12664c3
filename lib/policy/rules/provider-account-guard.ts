import { stringList } from "../config-values";
import { defineRule } from "../types";

export const providerAccountGuard = defineRule({
  id: "provider-account-guard",
  level: "warning",
  summary: "Every AWS provider block of a production stack names the accounts it may apply to (`allowed_account_ids`).",
  explanation:
    "Terraform applies with whatever credentials the shell holds; without an account guard, a developer's dev profile plans and applies production in the dev account. With `allowed_account_ids`, the provider refuses another account at plan, before anything changes.",
  fix: "Set `allowedAccountIds` in the stack's config file; PlatformStack gives it to every provider block it creates (`providerFor` included).",
  scanners: {},
  unmirrored: "Scanners read resources, not provider blocks; the account guard came from this project's first-apply review (issue 19).",
  resourceTypes: ["provider.aws"],
  // Development may leave it out: the config loader warns per stack instead (lib/config/index.ts).
  tiers: ["production"],
  check: ({ config }) => (stringList(config.allowed_account_ids).length === 0 ? "has no allowed_account_ids" : undefined),
});
