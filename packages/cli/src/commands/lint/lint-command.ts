import { allLintRules, isExemptFile, lintSchema, type LintFinding } from "@datapact/policy";
import type { Command } from "../../command.js";
import { CommandError, ExitCode } from "../../exit-codes.js";
import { InputError, loadSchemas } from "../../schema-source/index.js";
import { humanReport } from "./human-report.js";
import { parseLintArguments } from "./lint-arguments.js";

const usage = `Usage: datapact lint [paths...] [--json] [--rules]

Checks that every data field of the given schemas carries its privacy
annotations (category, qualifier, purposes) and that no annotation
contradicts another (display-only values stored, third-party-direct values
held, flows exceeded, retention without days...).

Paths are .proto files, directories (searched for .proto files and used as
import roots) or descriptor sets (.binpb, .pb, .desc, e.g. from
\`buf build -o image.binpb\`). Default: proto/. No protoc is needed:
datapact/privacy/v1/*.proto and google/protobuf/*.proto resolve from copies
built into datapact.

Options:
  --json    print the findings as a JSON array
  --rules   list the rules (id, severity, seed mechanisms, summary)

Output: file:line:col path: message [rule-id], one block per file, then a
summary. Exit codes: 0 no errors (warnings allowed), 1 errors found,
2 usage error, 3 input error (unreadable file, syntax error, unresolved
import, invalid descriptor set).
`;

function rulesText(): string {
  return allLintRules.map((r) => `${r.id}  ${r.severity}  ${r.mechanisms.join(",")}\n    ${r.summary}`).join("\n") + "\n";
}

/** `datapact lint`: fails on missing or contradictory privacy annotations. */
export const lintCommand: Command = {
  name: "lint",
  summary: "check that schemas' privacy annotations are present and consistent",
  usage,
  async run(args, io) {
    const options = parseLintArguments(args);
    if (options.listRules) {
      io.stdout.write(rulesText());
      return ExitCode.Ok;
    }
    let findings: LintFinding[];
    let fileCount = 0;
    try {
      const loaded = loadSchemas(options.paths, io.cwd);
      findings = loaded.flatMap((schema) => {
        fileCount += schema.targets.filter((f) => !isExemptFile(f)).length;
        return lintSchema(schema.targets, { locate: schema.locate });
      });
    } catch (err) {
      if (err instanceof InputError) throw new CommandError(ExitCode.InputError, err.message);
      throw err;
    }
    // Each source is sorted; several sources (text plus descriptor sets) are merged here.
    findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
    io.stdout.write(options.json ? JSON.stringify(findings, null, 2) + "\n" : humanReport(findings, fileCount));
    return findings.some((f) => f.severity === "error") ? ExitCode.ViolationsFound : ExitCode.Ok;
  },
};
