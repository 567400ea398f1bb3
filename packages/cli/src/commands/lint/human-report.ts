import type { LintFinding } from "@datapact/policy";

function position(f: LintFinding): string {
  return f.line > 0 ? `${f.file}:${f.line}:${f.column}` : f.file;
}

/**
 * Findings as lines for people and editors, `file:line:col path: message
 * [rule-id]` (warnings say so before the message), one block per file, and
 * a summary line.
 */
export function humanReport(findings: readonly LintFinding[], fileCount: number): string {
  const lines: string[] = [];
  let file: string | undefined;
  for (const f of findings) {
    if (file !== undefined && f.file !== file) lines.push("");
    file = f.file;
    lines.push(`${position(f)} ${f.path}: ${f.severity === "warning" ? "warning: " : ""}${f.message} [${f.ruleId}]`);
  }
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  const files = `${fileCount} file${fileCount === 1 ? "" : "s"}`;
  if (lines.length > 0) lines.push("");
  lines.push(
    findings.length === 0
      ? `datapact lint: ${files} checked, no problems`
      : `datapact lint: ${files} checked, ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`,
  );
  return lines.join("\n") + "\n";
}
