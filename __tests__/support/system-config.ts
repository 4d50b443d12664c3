import { SystemConfigDefinition } from "../../lib/config";
import { ConfigError, parseConfig } from "../../lib/config/load";
import { StateBackendConfig, stateBackendConfig } from "../../lib/config/state-backend";

export type ConfigInput = Record<string, unknown>;

/** A state backend as an operator's state-backend.json gives it. */
export const TEST_STATE_BACKEND: StateBackendConfig = parseConfig(
  "state-backend.json",
  { bucket: "org-tf-state", dynamodbTable: "org-tf-locks", allowedAccountIds: ["210987654321"] },
  stateBackendConfig,
);

/** Parsing one system's config file as the loader does: the parsed config, or the problems it reports. */
export function systemConfigParser<C>(definition: SystemConfigDefinition<C>, file: string) {
  const schema = definition.schema(TEST_STATE_BACKEND);
  const parse = (input: ConfigInput): C => parseConfig(file, input, schema);
  const problemsFor = (input: ConfigInput): readonly string[] => {
    try {
      parse(input);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };
  return { schema, parse, problemsFor };
}
