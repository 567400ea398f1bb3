import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { allLintRules } from "@datapact/policy";
import { afterAll, describe, expect, it } from "vitest";
import { ExitCode } from "../../src/exit-codes.js";
import { main } from "../../src/main.js";
import { captureIO, fixturesDir, lintWorkDir, removeLintWorkDirs } from "./lint-fixtures.js";

afterAll(removeLintWorkDirs);

async function run(args: string[], cwd = fixturesDir) {
  const out = captureIO(cwd);
  const code = await main(["lint", ...args], out.io);
  return { code, stdout: out.stdout(), stderr: out.stderr() };
}

describe("datapact lint exit codes", () => {
  it("0 when the schemas have no errors", async () => {
    expect((await run(["clean/"])).code).toBe(ExitCode.Ok);
  });

  it("0 when there are only warnings", async () => {
    const r = await run(["broken/missing-data-type.proto"]);
    expect(r.code).toBe(ExitCode.Ok);
    expect(r.stdout).toContain("warning: no data_type");
  });

  it("1 when any error is found", async () => {
    expect((await run(["broken/missing-category.proto"])).code).toBe(ExitCode.ViolationsFound);
  });

  it("2 on an unknown option, with the problem on stderr", async () => {
    const r = await run(["--strict"]);
    expect(r.code).toBe(ExitCode.Usage);
    expect(r.stderr).toContain("unknown option '--strict'");
  });

  it("3 when a path does not exist", async () => {
    const r = await run(["nowhere/"]);
    expect(r.code).toBe(ExitCode.InputError);
    expect(r.stderr).toBe("datapact lint: nowhere/: cannot read (ENOENT)\n");
  });

  it("3 on a syntax error, naming file and line", async () => {
    const r = await run(["inputs/syntax-error.proto"]);
    expect(r.code).toBe(ExitCode.InputError);
    expect(r.stderr).toMatch(/^datapact lint: inputs\/syntax-error\.proto:7: syntax error: illegal /);
  });

  it("3 on an unresolved import", async () => {
    const r = await run(["inputs/unresolved-import.proto"]);
    expect(r.code).toBe(ExitCode.InputError);
    expect(r.stderr).toContain('inputs/unresolved-import.proto: import "acme/not/there.proto" not found');
  });

  it("3 on bytes that are not a descriptor set", async () => {
    const dir = lintWorkDir();
    writeFileSync(join(dir, "garbage.desc"), Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    const r = await run(["garbage.desc"], dir);
    expect(r.code).toBe(ExitCode.InputError);
    expect(r.stderr).toMatch(/^datapact lint: garbage\.desc: not a valid descriptor set: /);
  });

  it("lints proto/ under the working directory when given no path", async () => {
    const r = await run([], fixturesDir);
    expect(r.code).toBe(ExitCode.InputError);
    expect(r.stderr).toContain("proto/: cannot read (ENOENT)");
  });
});

describe("datapact lint output", () => {
  it("prints file:line:col path: message [rule-id], a block per file, and a summary", async () => {
    const r = await run(["broken/missing-category.proto", "broken/missing-data-type.proto"]);
    expect(r.stdout).toBe(
      [
        "broken/missing-category.proto:13:3 fixture.lint.missing_category.Note.note: no category: set category to a DATA_CATEGORY_* value [DP-LINT-MISSING-CATEGORY]",
        "",
        'broken/missing-data-type.proto:13:3 fixture.lint.missing_data_type.Note.note: warning: no data_type: name the inventory row ("Type of data") this field belongs to [DP-LINT-MISSING-DATA-TYPE]',
        "",
        "datapact lint: 2 files checked, 1 error, 1 warning",
        "",
      ].join("\n"),
    );
  });

  it("says so when there is nothing to report", async () => {
    expect((await run(["clean/"])).stdout).toBe("datapact lint: 1 file checked, no problems\n");
  });

  it("--json prints the findings as an array of typed objects", async () => {
    const r = await run(["broken/missing-category.proto", "--json"]);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        ruleId: "DP-LINT-MISSING-CATEGORY",
        severity: "error",
        file: "broken/missing-category.proto",
        line: 13,
        column: 3,
        path: "fixture.lint.missing_category.Note.note",
        message: "no category: set category to a DATA_CATEGORY_* value",
      },
    ]);
  });

  it("--rules lists every rule with its severity and seed mechanisms", async () => {
    const r = await run(["--rules"]);
    expect(r.code).toBe(ExitCode.Ok);
    for (const rule of allLintRules) expect(r.stdout).toContain(`${rule.id}  ${rule.severity}  ${rule.mechanisms.join(",")}`);
  });

  it("--help prints the usage and the exit codes", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(ExitCode.Ok);
    expect(r.stdout).toContain("Usage: datapact lint [paths...] [--json] [--rules]");
    expect(r.stdout).toContain("3 input error");
  });
});
