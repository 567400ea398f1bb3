// The reference implementation passes every invariant of the first part,
// certified exactly as `datapact certify --testee "<command>"` does it
// (runCertification: reports written, exit code decided).
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCertification } from "../../src/certification/run-certification.js";
import { packageDir } from "../support/paths.js";
import { useBuiltReferenceTestee } from "../testees/support/built-testee.js";
import { firstInvariants, seed } from "./support/certify-testee.js";

const built = useBuiltReferenceTestee();
const reportDir = join(packageDir, "testees", "dist", `reports-${process.pid}`);

beforeAll(async () => {
  await mkdir(reportDir, { recursive: true });
});

afterAll(async () => {
  await rm(reportDir, { recursive: true, force: true });
});

describe("the reference testee", () => {
  it("is certified: every invariant passes, exit code 0, reports written", async () => {
    let out = "";
    let err = "";
    const runs = built().engine === "postgres" ? 3 : 1;
    const run = await runCertification({
      testee: { command: built().command() },
      seed,
      runs,
      invariants: firstInvariants,
      reportDir,
      stepTimeoutMs: 120_000,
      cwd: packageDir,
      stdout: { write: (s: string) => void (out += s) },
      stderr: { write: (s: string) => void (err += s) },
      interactive: false,
    });
    for (const v of run.result?.verdicts ?? []) console.log(`reference testee [${built().engine}, seed ${seed}, runs ${runs}]: ${v.id} ${v.verdict} in ${v.durationMs} ms (${v.scenarios} scenarios)`);
    expect(run.result?.verdicts.map((v) => [v.id, v.verdict, v.reason ?? "", v.violations.map((x) => x.message)])).toEqual(firstInvariants.map((i) => [i.id, "pass", "", []]));
    expect(run.exitCode).toBe(0);
    expect(run.result?.outcome).toBe("certified");
    // Every invariant ran its scripted scenario and explored; the data-flow picture saw guarded fields planted.
    expect(run.result!.dataFlow.length).toBeGreaterThan(20);
    const report = JSON.parse(await readFile(run.reportFiles!.json, "utf8")) as { outcome: string };
    expect(report.outcome).toBe("certified");
    expect(out).toMatch(/DP-DISPLAY-ONLY-NEVER-STORED/);
    expect(`${out}${err}`).not.toMatch(/dpc_[a-z2-7]{20}/);
  }, 900_000);
});
