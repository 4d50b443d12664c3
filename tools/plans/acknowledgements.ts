/**
 * plans/acknowledged.json: the reviewed exceptions to the plan guard. Each entry lets exactly one
 * destructive change through: one stack, one resource address, one action, until its expiry date.
 *
 * - An entry matches only its exact stack, address and action (`delete` or `replace`; a replace covers
 *   both orders). A delete acknowledged as a replace, or the other way round, is not acknowledged.
 * - Expired (after its `expires` day, UTC): it no longer lets anything through, and the guard says so
 *   beside the change it would have matched; an expired entry that matches nothing is a warning.
 * - Unused (matching no change of the stacks reviewed in this run): a warning, never an error, since one
 *   file serves every stack and an entry waits for its plan; remove it once its change is applied.
 * - `expires` is at most MAX_DAYS days ahead, so an acknowledgement cannot become a standing exception.
 */
import * as fs from "fs";
import { z } from "zod";
import { formatPath as formatConfigPath } from "../../lib/config/load";

/** The longest an acknowledgement may run, in days from the day it is checked. */
export const MAX_DAYS = 30;
/** The file as messages name it; the path the commands read is tools/plans/workspace.ts ACKNOWLEDGEMENTS_PATH (PLANS_DIR moves it). */
export const ACKNOWLEDGEMENTS_FILE = "plans/acknowledged.json";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2027-01-31")
  // V8 reads 2026-02-30 as March 2nd: a real date reads back as itself.
  .refine((value) => {
    const time = Date.parse(`${value}T00:00:00Z`);
    return !Number.isNaN(time) && isoDay(new Date(time)) === value;
  }, "must be a real calendar date");

const acknowledgement = z.strictObject({
  stack: z.string().min(1).describe("Stack the change is in, e.g. coherent-prod."),
  address: z.string().min(1).describe("Resource address as the plan shows it, e.g. aws_db_instance.database."),
  action: z.enum(["delete", "replace"]).describe("What the plan does to it."),
  reason: z.string().trim().min(15, "must say why the loss is acceptable (at least 15 characters)"),
  who: z.string().trim().min(2).describe("Who reviewed and accepts it."),
  expires: isoDate.describe(`Last day (UTC) it lets the change through; at most ${MAX_DAYS} days ahead.`),
});
export type Acknowledgement = z.infer<typeof acknowledgement>;

const acknowledgementsFile = z.strictObject({
  $comment: z.string().optional(),
  acknowledgements: z.array(acknowledgement),
});

/** Problems with the file itself: they stop the guard (exit 2), as a wrong config value stops synthesis. */
export class AcknowledgementsError extends Error {}

/** Reads and validates the file; a missing file is an empty list. `today` is YYYY-MM-DD (UTC). */
export function readAcknowledgements(file: string, today: string): Acknowledgement[] {
  if (!fs.existsSync(file)) return [];
  let input: unknown;
  try {
    input = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new AcknowledgementsError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  return parseAcknowledgements(input, file, today);
}

export function parseAcknowledgements(input: unknown, file: string, today: string): Acknowledgement[] {
  const parsed = acknowledgementsFile.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const value = issue.path.reduce<unknown>((at, key) => (at as Record<PropertyKey, unknown> | undefined)?.[key], input);
      const shown = value === undefined || typeof value === "object" ? "" : ` = ${JSON.stringify(value)}`;
      return `${file}: ${formatConfigPath(issue.path)}${shown}: ${issue.message}`;
    });
    throw new AcknowledgementsError(problems.join("\n"));
  }
  const latest = addDays(today, MAX_DAYS);
  const tooLong = parsed.data.acknowledgements
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => entry.expires > latest)
    .map(
      ({ entry, index }) =>
        `${file}: acknowledgements[${index}].expires = "${entry.expires}": must be at most ${MAX_DAYS} days ahead (${latest} or earlier); acknowledge one change, apply it, then remove the entry`,
    );
  if (tooLong.length) throw new AcknowledgementsError(tooLong.join("\n"));
  return parsed.data.acknowledgements;
}

export function isExpired(entry: Acknowledgement, today: string): boolean {
  return entry.expires < today;
}

/** YYYY-MM-DD of `date` in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The day `days` days after `day` (both YYYY-MM-DD, UTC). */
export function addDays(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
}
