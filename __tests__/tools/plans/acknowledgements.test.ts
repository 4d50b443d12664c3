import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AcknowledgementsError, parseAcknowledgements, readAcknowledgements } from "../../../tools/plans/acknowledgements";

const TODAY = "2026-12-07";
const entry = {
  stack: "coherent-prod",
  address: "aws_db_instance.database",
  action: "replace",
  reason: "the engine upgrade was rehearsed on a snapshot restore",
  who: "dana@ops",
  expires: "2026-12-20",
};
const parse = (acknowledgements: unknown[]) => parseAcknowledgements({ acknowledgements }, "plans/acknowledged.json", TODAY);

describe("plans/acknowledged.json", () => {
  test("GIVEN the committed file THEN it is valid and acknowledges nothing", () => {
    expect(readAcknowledgements(path.join(__dirname, "..", "..", "..", "plans", "acknowledged.json"), TODAY)).toEqual([]);
  });

  test("GIVEN no file THEN nothing is acknowledged", () => {
    expect(readAcknowledgements(path.join(os.tmpdir(), "no-such-acknowledged.json"), TODAY)).toEqual([]);
  });

  test("GIVEN a complete entry THEN it is read as written", () => {
    expect(parse([entry])).toEqual([entry]);
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      "an action other than delete or replace",
      { action: "update" },
      'acknowledgements[0].action = "update": Invalid option: expected one of "delete"|"replace"',
    ],
    ["a reason that says nothing", { reason: "ok" }, 'acknowledgements[0].reason = "ok": must say why the loss is acceptable'],
    ["no reviewer", { who: undefined }, "acknowledgements[0].who: Invalid input: expected string, received undefined"],
    ["a day February does not have", { expires: "2026-02-30" }, 'acknowledgements[0].expires = "2026-02-30": must be a real calendar date'],
    ["a month that does not exist", { expires: "2026-13-01" }, 'acknowledgements[0].expires = "2026-13-01": must be a real calendar date'],
    [
      "an expiry more than 30 days ahead",
      { expires: "2027-06-01" },
      'acknowledgements[0].expires = "2027-06-01": must be at most 30 days ahead (2027-01-06 or earlier)',
    ],
    ["an unknown field", { approved: true }, 'acknowledgements[0]: Unrecognized key: "approved"'],
  ])("GIVEN %s THEN the file is refused naming file, field, value and what is allowed", (_case, change, message) => {
    const bad = Object.fromEntries(Object.entries({ ...entry, ...change }).filter(([, value]) => value !== undefined));
    expect(() => parse([bad])).toThrow(AcknowledgementsError);
    expect(() => parse([bad])).toThrow(`plans/acknowledged.json: ${message}`);
  });

  test("GIVEN a file that is not JSON THEN it is refused naming the file", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ack-")), "acknowledged.json");
    fs.writeFileSync(file, "{ acknowledgements: [] }");
    expect(() => readAcknowledgements(file, TODAY)).toThrow(new RegExp(`^${file}: not valid JSON`));
  });
});
