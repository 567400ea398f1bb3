/**
 * `datapact lint`'s rules: checks that a schema's privacy annotations are
 * present and do not contradict each other.
 */
export { lintSchema, isExemptFile, elementPath, type LintOptions } from "./lint-schema.js";
export type { LintFinding, Severity, SourcePosition } from "./finding.js";
export type { LintRule, FieldSubject, MessageSubject, Report } from "./rule.js";
export { allLintRules } from "./rules/index.js";
export { declarationOf, fileOf, locateByFileName, type LintElement, type Locate } from "./source-location.js";
