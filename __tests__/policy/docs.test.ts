import * as fs from "fs";
import * as path from "path";
import { ruleTableMarkdown } from "../../lib/policy";

const DOC = path.join(__dirname, "../../docs/guardrails.md");
const SECTION = /(<!-- rules:start -->\n)[\s\S]*?(<!-- rules:end -->)/;

describe("docs/guardrails.md", () => {
  test("GIVEN the pack THEN the rule table lists every rule with its level, summary and scanner ids (UPDATE_DOCS=1 rewrites it)", () => {
    const text = fs.readFileSync(DOC, "utf8");
    const expected = text.replace(SECTION, `$1${ruleTableMarkdown()}\n$2`);
    if (process.env.UPDATE_DOCS === "1") fs.writeFileSync(DOC, expected);
    expect(SECTION.test(text)).toBe(true);
    expect(text).toEqual(expected);
  });
});
