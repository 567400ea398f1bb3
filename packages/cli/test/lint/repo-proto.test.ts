import { describe, expect, it } from "vitest";
import { ExitCode } from "../../src/exit-codes.js";
import { main } from "../../src/main.js";
import { captureIO, repoRoot } from "./lint-fixtures.js";

// The pact itself must pass its own lint. Product schemas are written by
// several people at once; a failure here names the file and field to fix.
describe("the repository's proto/", () => {
  it("has no lint errors (`pnpm datapact lint proto/`)", async () => {
    const out = captureIO(repoRoot);
    const code = await main(["lint", "proto/", "--json"], out.io);
    const errors = (JSON.parse(out.stdout()) as Array<{ severity: string; file: string; line: number; path: string; message: string; ruleId: string }>)
      .filter((f) => f.severity === "error")
      .map((f) => `${f.file}:${f.line} ${f.path}: ${f.message} [${f.ruleId}]`);
    expect(errors).toEqual([]);
    expect(code).toBe(ExitCode.Ok);
  }, 60_000);
});
