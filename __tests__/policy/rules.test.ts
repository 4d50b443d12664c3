import * as fs from "fs";
import * as path from "path";
import { evaluate, RULES } from "../../lib/policy";
import { validateStack } from "../../tools/validation/validate";
import { beanstalkCases } from "./cases/beanstalk";
import { RuleCase, stackJson } from "./cases/case";
import { computeCases } from "./cases/compute";
import { dataCases } from "./cases/data";
import { edgeCases } from "./cases/edge";
import { identityCases } from "./cases/identity";
import { loggingCases } from "./cases/logging";
import { networkCases } from "./cases/network";
import { storageCases } from "./cases/storage";

const CASES: RuleCase[] = [
  ...networkCases,
  ...computeCases,
  ...dataCases,
  ...storageCases,
  ...loggingCases,
  ...edgeCases,
  ...beanstalkCases,
  ...identityCases,
];

function run(ruleCase: RuleCase, fixture: NonNullable<RuleCase["compliant"]>) {
  const rule = RULES.find((candidate) => candidate.id === ruleCase.rule)!;
  const tier = ruleCase.tier ?? "production";
  const report = evaluate(stackJson(fixture), { stack: "fixture", tier, rules: [rule] });
  return { rule, tier, report, findings: report.findings.filter((finding) => finding.ruleId === rule.id) };
}

describe("guardrail rules", () => {
  test("GIVEN the pack THEN every rule has a compliant and a non-compliant case, and every case names a rule of the pack", () => {
    const ids = RULES.map((rule) => rule.id);
    const withCompliant = new Set(CASES.filter((ruleCase) => ruleCase.compliant).map((ruleCase) => ruleCase.rule));
    const withNonCompliant = new Set(CASES.filter((ruleCase) => ruleCase.nonCompliant).map((ruleCase) => ruleCase.rule));
    expect(ids.filter((id) => !withCompliant.has(id))).toEqual([]);
    expect(ids.filter((id) => !withNonCompliant.has(id))).toEqual([]);
    expect(CASES.map((ruleCase) => ruleCase.rule).filter((id) => !ids.includes(id))).toEqual([]);
  });

  test("GIVEN every rule THEN it lives in lib/policy/rules/<id>.ts, has a summary, explanation, fix, and mirrors at least one scanner rule or says why none has it", () => {
    const files = fs.readdirSync(path.join(__dirname, "../../lib/policy/rules")).filter((file) => file !== "index.ts");
    expect(files.sort()).toEqual(RULES.map((rule) => `${rule.id}.ts`).sort());
    for (const rule of RULES) {
      expect({
        id: rule.id,
        summary: rule.summary.length > 10,
        explanation: rule.explanation.length > 40,
        fix: rule.fix.length > 10,
      }).toEqual({
        id: rule.id,
        summary: true,
        explanation: true,
        fix: true,
      });
      const scannerIds = Object.values(rule.scanners).flat();
      // A rule no scanner has says why, and only such a rule does.
      expect({ id: rule.id, mirrored: scannerIds.length > 0 }).toEqual({ id: rule.id, mirrored: !rule.unmirrored });
      if (rule.unmirrored) expect(rule.unmirrored.length).toBeGreaterThan(40);
      for (const id of rule.scanners.checkov ?? []) expect(id).toMatch(/^CKV2?_(AWS|SECRET)_\d+$/);
      for (const id of rule.scanners.cdkNag ?? []) expect(id).toMatch(/^(AwsSolutions-[A-Z0-9]+|NIST\.800\.53\.R5-[A-Za-z0-9]+)$/);
    }
  });

  test("GIVEN every fixture THEN its attribute names and types exist in the AWS provider schema (so rules read real attributes)", () => {
    const problems = CASES.flatMap((ruleCase) =>
      [ruleCase.compliant, ruleCase.nonCompliant]
        .filter((fixture) => fixture !== undefined)
        .flatMap((fixture) => validateStack(stackJson(fixture), { requiredAttributes: false, references: false }))
        .map((problem) => `${ruleCase.rule} (${ruleCase.name}): ${problem.address}: ${problem.message}`),
    );
    expect(problems).toEqual([]);
  });

  describe.each(CASES.map((ruleCase) => [`${ruleCase.rule}: ${ruleCase.name}`, ruleCase] as const))("%s", (_, ruleCase) => {
    if (ruleCase.compliant) {
      test("GIVEN the compliant stack THEN the rule reports nothing", () => {
        const { rule, tier, report, findings } = run(ruleCase, ruleCase.compliant!);
        expect(findings).toEqual([]);
        // The rule really looked at something (or is deliberately off in this tier), so the pass means something.
        const appliesInTier = !rule.tiers || rule.tiers.includes(tier);
        expect(report.examined[rule.id] > 0).toBe(appliesInTier);
      });
    }
    if (ruleCase.nonCompliant) {
      test("GIVEN the non-compliant stack THEN the rule names the resource, at the tier's severity", () => {
        const { rule, tier, findings } = run(ruleCase, ruleCase.nonCompliant!);
        const flagged = [ruleCase.flags ?? []].flat();
        expect(flagged.length).toBeGreaterThan(0);
        for (const address of flagged) expect(findings.map((finding) => finding.address)).toContain(address);
        if (ruleCase.message) expect(findings.map((finding) => finding.message).join("\n")).toMatch(ruleCase.message);
        const expected = rule.level === "error" || tier === "production" ? "error" : "warning";
        expect(new Set(findings.map((finding) => finding.severity))).toEqual(new Set([expected]));
        expect(findings.every((finding) => finding.fix === rule.fix)).toBe(true);
      });
    }
  });
});
