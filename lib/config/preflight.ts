/**
 * `npm run preflight`: what in the config cannot work in a real account, per stack, before anything is
 * applied: placeholders, declared on the schema fields (lib/config/placeholders.ts), and a state backend
 * without the state KMS key (lib/config/index.ts).
 */
import { ConfigPlaceholder, STATE_BACKEND_STACK } from "./index";

export interface StackPlaceholders {
  readonly stack: string;
  readonly placeholders: readonly ConfigPlaceholder[];
}

/** The part of a loaded config directory that preflight reads. */
export interface PlaceholderSource {
  readonly stateBackendPlaceholders: readonly ConfigPlaceholder[];
  readonly environments: Readonly<
    Record<string, readonly { readonly stack: string; readonly placeholders: readonly ConfigPlaceholder[] }[]>
  >;
}

/** Every stack's placeholders: the state backend's stack first, then each system environment. */
export function placeholdersByStack(config: PlaceholderSource): StackPlaceholders[] {
  return [
    { stack: STATE_BACKEND_STACK, placeholders: config.stateBackendPlaceholders },
    ...Object.values(config.environments).flatMap((environments) =>
      environments.map(({ stack, placeholders }) => ({ stack, placeholders })),
    ),
  ];
}

export interface PreflightResult {
  /** 0: nothing to replace, 1: placeholders found, 2: an unknown stack was asked for. */
  readonly exitCode: number;
  readonly report: string;
}

/** The preflight report for `wanted` stacks (every stack when empty). */
export function preflight(stacks: readonly StackPlaceholders[], wanted: readonly string[] = []): PreflightResult {
  const names = stacks.map((entry) => entry.stack);
  const unknown = wanted.filter((name) => !names.includes(name));
  if (unknown.length) return { exitCode: 2, report: `unknown stack(s): ${unknown.join(", ")}; stacks: ${names.join(", ")}` };
  const checked = wanted.length ? stacks.filter((entry) => wanted.includes(entry.stack)) : stacks;
  const checkedNames = checked.map((entry) => entry.stack).join(", ");

  // A value shared by several stacks (the state bucket) is listed once, with the stacks it blocks.
  const byValue = new Map<string, { placeholder: ConfigPlaceholder; stacks: string[] }>();
  for (const { stack, placeholders } of checked) {
    for (const placeholder of placeholders) {
      const key = `${placeholder.file}\0${placeholder.field}`;
      const entry = byValue.get(key) ?? { placeholder, stacks: [] };
      entry.stacks.push(stack);
      byValue.set(key, entry);
    }
  }
  if (byValue.size === 0) return { exitCode: 0, report: `preflight: no placeholders in the config of ${checkedNames}` };
  const lines = [...byValue.values()].map(
    ({ placeholder: { file, field, value, fix, missing }, stacks }) =>
      `  - ${file}: ${field}${missing ? " is not set" : ` = ${JSON.stringify(value)} is a placeholder`}; put ${fix} [stacks: ${stacks.join(", ")}]`,
  );
  return {
    exitCode: 1,
    report: [
      `preflight: ${byValue.size} value(s) in the config of ${checkedNames} cannot work in a real account.`,
      "Fill in each before `npm run plan` or any apply (an apply would stop half-way, at the first resource that uses one):",
      ...lines,
    ].join("\n"),
  };
}

/** One line per stack with placeholders, for `npm run synth`: it goes on, but says what preflight will refuse. */
export function placeholderWarnings(stacks: readonly StackPlaceholders[]): string[] {
  return stacks
    .filter((entry) => entry.placeholders.length > 0)
    .map(({ stack, placeholders }) => {
      const files = [...new Set(placeholders.map((placeholder) => placeholder.file))];
      const fields = files.map(
        (file) =>
          `${file}: ${placeholders
            .filter((placeholder) => placeholder.file === file)
            .map((placeholder) => placeholder.field)
            .join(", ")}`,
      );
      return `warning: ${stack}: ${placeholders.length} value(s) to fill in (${fields.join("; ")}); run \`npm run preflight\` before plan or apply`;
    });
}
