/**
 * `npm run preflight`: what in the config cannot work in a real account, per stack, before anything is
 * applied: placeholders, declared on the schema fields (lib/config/placeholders.ts), and a state backend
 * without the state KMS key (lib/config/index.ts). A development stack without an account guard is a note,
 * not a failure.
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

/** A preflight run's outcome, offline or live (tools/preflight/runner.ts). */
export interface PreflightResult {
  /**
   * Offline, 0: nothing to replace, 1: placeholders found; live, EXIT in tools/preflight/report.ts; both,
   * 2: an unknown stack was asked for.
   */
  readonly exitCode: number;
  readonly report: string;
}

/**
 * The stacks a run checks: the `wanted` names (every one of `names` when empty), in the order of `names`;
 * or, when a wanted name is no stack, the exit 2 result that says so.
 */
export function selectStacks(names: readonly string[], wanted: readonly string[]): readonly string[] | PreflightResult {
  const unknown = wanted.filter((name) => !names.includes(name));
  if (unknown.length) return { exitCode: 2, report: `unknown stack(s): ${unknown.join(", ")}; stacks: ${names.join(", ")}` };
  return wanted.length ? names.filter((name) => wanted.includes(name)) : names;
}

/** The preflight report for `wanted` stacks (every stack when empty). */
export function preflight(stacks: readonly StackPlaceholders[], wanted: readonly string[] = []): PreflightResult {
  const selection = selectStacks(
    stacks.map((entry) => entry.stack),
    wanted,
  );
  if ("exitCode" in selection) return selection;
  const checked = stacks.filter((entry) => selection.includes(entry.stack));
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
  const line = ({ placeholder, stacks }: { placeholder: ConfigPlaceholder; stacks: string[] }) =>
    `  - ${placeholderFound(placeholder)}; put ${placeholder.fix} [stacks: ${stacks.join(", ")}]`;
  const split = byBlocking([...byValue.values()], (entry) => entry.placeholder);
  const blocking = split.blocking.map(line);
  const advisory = split.advisory.map(line);
  const notes = advisory.length ? [`${advisory.length} value(s) worth setting (the stacks work without them):`, ...advisory] : [];
  if (blocking.length === 0) {
    return { exitCode: 0, report: [`preflight: no placeholders in the config of ${checkedNames}`, ...notes].join("\n") };
  }
  return {
    exitCode: 1,
    report: [
      `preflight: ${blocking.length} value(s) in the config of ${checkedNames} cannot work in a real account.`,
      "Fill in each before `npm run plan` or any apply (an apply would stop half-way, at the first resource that uses one):",
      ...blocking,
      ...notes,
    ].join("\n"),
  };
}

/** What was found: `file: field is not set`, or `file: field = "value" is a placeholder`. */
export function placeholderFound({ file, field, value, missing }: ConfigPlaceholder): string {
  return `${file}: ${field}${missing ? " is not set" : ` = ${JSON.stringify(value)} is a placeholder`}`;
}

/** Findings that block an apply (preflight fails), and advisory ones (worth setting; preflight passes). */
export function byBlocking<T>(
  items: readonly T[],
  placeholderOf: (item: T) => ConfigPlaceholder,
): { readonly blocking: readonly T[]; readonly advisory: readonly T[] } {
  return {
    blocking: items.filter((item) => !placeholderOf(item).advisory),
    advisory: items.filter((item) => placeholderOf(item).advisory),
  };
}

/** `file: field, field; file: field` for a set of findings. */
function fieldsByFile(placeholders: readonly ConfigPlaceholder[]): string {
  const files = [...new Set(placeholders.map((placeholder) => placeholder.file))];
  return files
    .map(
      (file) =>
        `${file}: ${placeholders
          .filter((placeholder) => placeholder.file === file)
          .map((placeholder) => placeholder.field)
          .join(", ")}`,
    )
    .join("; ");
}

/** One line per stack with findings, for `npm run synth`: it goes on, but says what preflight will refuse or note. */
export function placeholderWarnings(stacks: readonly StackPlaceholders[]): string[] {
  return stacks
    .filter((entry) => entry.placeholders.length > 0)
    .map(({ stack, placeholders }) => {
      const { blocking, advisory } = byBlocking(placeholders, (placeholder) => placeholder);
      const parts = [
        ...(blocking.length ? [`${blocking.length} value(s) to fill in (${fieldsByFile(blocking)})`] : []),
        ...(advisory.length ? [`worth setting (${fieldsByFile(advisory)})`] : []),
      ];
      return `warning: ${stack}: ${parts.join(", ")}; run \`npm run preflight\` before plan or apply`;
    });
}
