/**
 * What `npm run synth` needs to run the app directly, without the cdktf CLI around it (the CLI's own
 * start-up was ~3 s of a 4 s synth): cdktf's per-token stack traces off unless asked for, and the
 * report the CLI would print. `cdktf synth/diff/deploy` run the same app through cdktf.json.
 */
import { AnnotationMetadataEntryType, App } from "cdktf";
import * as tokenStackTrace from "cdktf/lib/tokens/private/stack-trace";

/** `SYNTH_STACK_TRACES=1 npm run synth`: record where every token was created, for a token that fails to resolve. */
export const TOKEN_STACK_TRACES_ENV = "SYNTH_STACK_TRACES";

/** The module's exports, writable: cdktf reads `captureStackTrace` there, CDK Terrain `captureCreationStack`. */
const stackTraceExports = tokenStackTrace as unknown as Record<string, unknown>;
const originals = { ...stackTraceExports };

/**
 * cdktf captures a full stack trace for every token it creates (`creationStack`), read only to explain a
 * token that fails to resolve, at ~15% of synthesis. cdktf reads `captureStackTrace` from its module's
 * exports at every call, so replacing that export switches it off without patching node_modules; the
 * error then lacks the "Object creation stack" lines. Returns whether traces are recorded.
 */
export function configureTokenStackTraces(env: NodeJS.ProcessEnv = process.env): boolean {
  const keep = env[TOKEN_STACK_TRACES_ENV] === "1";
  // cdktf calls `captureStackTrace` for a token's creation stack; CDK Terrain, its maintained fork, calls
  // `captureCreationStack` (its own switch, CDKTN_DISABLE_CREATION_STACK). Either way the same export is replaced.
  for (const name of ["captureStackTrace", "captureCreationStack"]) {
    if (typeof originals[name] === "function") stackTraceExports[name] = keep ? originals[name] : () => [];
  }
  return keep;
}

const LEVELS: Record<string, string> = {
  [AnnotationMetadataEntryType.INFO]: "INFO",
  [AnnotationMetadataEntryType.WARN]: "WARN",
  [AnnotationMetadataEntryType.ERROR]: "ERROR",
};

/**
 * The lines `cdktf synth` prints after a successful run: every annotation (`WARN [path]: message`, such
 * as a development stack's guardrail warnings) and the stacks written. Under the CLI
 * (`CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS` set) nothing: the CLI prints them itself.
 */
export function synthesisReport(app: App, env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined) return [];
  const stacks = Object.values(app.manifest.stacks);
  return [
    ...stacks.flatMap((stack) =>
      stack.annotations.map(
        (annotation) => `${LEVELS[annotation.level] ?? annotation.level} [${annotation.constructPath}]: ${annotation.message}`,
      ),
    ),
    `Generated Terraform code for the stacks: ${stacks
      .map((stack) => stack.name)
      .sort()
      .join(", ")}`,
  ];
}
