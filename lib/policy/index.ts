export { GuardrailsAspect, GuardrailsError, PolicyEvaluation, policyEvaluationOf } from "./aspect";
export { blockingFindings, evaluate, Finding, StackPolicyReport, Suppression } from "./pack";
export { cell, formatFinding, renderTable, ruleTableMarkdown } from "./report";
export { RULES, RuleId } from "./rules";
export { suppress } from "./suppress";
export { Rule } from "./types";
