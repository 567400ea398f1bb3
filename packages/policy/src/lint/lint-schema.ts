import type { DescField, DescFile, DescMessage } from "@bufbuild/protobuf";
import { fieldPolicyOf, messagePolicyOf, roleOf } from "../annotations/read.js";
import { needsAnnotation } from "./annotation-requirement.js";
import type { LintFinding } from "./finding.js";
import type { FieldSubject, LintRule, MessageSubject, Report } from "./rule.js";
import { allLintRules } from "./rules/index.js";
import { locateByFileName, type LintElement, type Locate } from "./source-location.js";

/** Options of {@link lintSchema}. */
export interface LintOptions {
  /**
   * Where each element is declared, as the user should see it. Defaults to
   * the descriptor's file name and its SourceCodeInfo.
   */
  readonly locate?: Locate;
  /** The rules to run; defaults to every rule ({@link allLintRules}). */
  readonly rules?: readonly LintRule[];
}

/**
 * Files lint never checks: the well-known types, and the pact's own
 * vocabulary, whose messages describe annotations rather than carry data.
 */
export function isExemptFile(file: DescFile): boolean {
  const pkg = file.proto.package;
  return pkg === "google.protobuf" || /^datapact\.privacy\.v\d+$/.test(pkg);
}

/** The name a finding gives an element (see {@link LintFinding.path}). */
export function elementPath(element: LintElement): string {
  switch (element.kind) {
    case "file":
      return element.proto.package || element.proto.name;
    case "message":
      return element.typeName;
    case "field":
      return `${element.parent.typeName}.${element.name}`;
  }
}

function messagesOf(file: DescFile): DescMessage[] {
  const out: DescMessage[] = [];
  const visit = (message: DescMessage): void => {
    // Map entries are synthesized by the compiler; the map field carries the annotation.
    if (message.proto.options?.mapEntry) return;
    out.push(message);
    message.nestedMessages.forEach(visit);
  };
  file.messages.forEach(visit);
  return out;
}

function fieldSubject(field: DescField, subject: MessageSubject): FieldSubject {
  return {
    field,
    message: subject.message,
    role: subject.role,
    record: subject.record,
    policy: fieldPolicyOf(field),
    needsAnnotation: needsAnnotation(field, subject.role),
  };
}

function compareFindings(a: LintFinding, b: LintFinding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId) || a.path.localeCompare(b.path);
}

/**
 * Checks the privacy annotations of `files` and returns every finding,
 * sorted by file, line and column. Files of the vocabulary and the
 * well-known types are skipped ({@link isExemptFile}). Each rule sees each
 * file, message (nested ones too, map entries excepted) and field once.
 */
export function lintSchema(files: readonly DescFile[], options: LintOptions = {}): LintFinding[] {
  const locate = options.locate ?? locateByFileName;
  const rules = options.rules ?? allLintRules;
  const findings: LintFinding[] = [];
  for (const file of files) {
    if (isExemptFile(file)) continue;
    const messages = messagesOf(file).map((message) => ({ message, role: roleOf(message), record: messagePolicyOf(message) }));
    const fields = messages.flatMap((subject) => subject.message.fields.map((field) => fieldSubject(field, subject)));
    for (const rule of rules) {
      const report: Report = (element, message) => {
        findings.push({ ruleId: rule.id, severity: rule.severity, ...locate(element), path: elementPath(element), message });
      };
      rule.checkFile?.(file, report);
      if (rule.checkMessage) for (const subject of messages) rule.checkMessage(subject, report);
      if (rule.checkField) for (const subject of fields) rule.checkField(subject, report);
    }
  }
  return findings.sort(compareFindings);
}
