import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { conformance } from "@datapact/proto";
import { connectTestee, spawnTestee, type Testee } from "../../src/testee/index.js";
import { describeStep, resetStep, syncStep } from "../support/harness-requests.js";
import { nodeCommand, packageDir } from "../support/paths.js";

/** Runs the three steps the minimal example answers and checks its answers. */
async function exercise(testee: Testee): Promise<void> {
  const described = await testee.send(describeStep(1));
  expect(described.stepNumber).toBe(1n);
  expect(described.result.case).toBe("ok");
  const detail = described.result.case === "ok" ? described.result.value.detail : undefined;
  expect(detail?.case).toBe("describe");
  const info = detail?.value as conformance.DescribeResult;
  expect(info.name).toBe("minimal-example-testee");
  expect(info.protocolVersion).toBe(conformance.ProtocolVersion.PROTOCOL_VERSION_1);
  expect(info.supportedSteps).toEqual(["describe", "reset"]);

  const reset = await testee.send(resetStep(2));
  expect(reset.result.case).toBe("ok");

  const sync = await testee.send(syncStep(3));
  expect(sync.stepNumber).toBe(3n);
  expect(sync.result.case).toBe("skipped");
}

const open: Testee[] = [];
const stops: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
  for (const stop of stops.splice(0)) stop();
});

describe("the minimal example testee", () => {
  it("answers describe, reset and skips the rest over stdin/stdout, its stderr captured as its log", async () => {
    const testee = spawnTestee(nodeCommand("examples/minimal-testee.mjs"), { stepTimeoutMs: 10_000 });
    open.push(testee);
    await exercise(testee);
    await testee.close();
    expect(testee.takeLog()).toEqual(["minimal-testee: answered step 1", "minimal-testee: answered step 2", "minimal-testee: answered step 3"]);
  });

  it.each(["1.1", "2"] as const)("answers the same over Connect (HTTP/%s)", async (httpVersion) => {
    const child = spawn(process.execPath, ["examples/minimal-testee.mjs", "--listen"], { cwd: packageDir, stdio: ["ignore", "pipe", "inherit"] });
    stops.push(() => child.kill("SIGTERM"));
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`minimal testee exited with ${code}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const testee = connectTestee(url, { httpVersion, stepTimeoutMs: 10_000 });
    open.push(testee);
    await exercise(testee);
    expect(testee.takeLog()).toEqual([]);
  });
});
