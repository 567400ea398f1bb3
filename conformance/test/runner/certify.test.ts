import { describe, expect, it } from "vitest";
import { certify } from "../../src/runner/certify.js";
import type { CertificationResult } from "../../src/runner/verdict.js";
import type { Invariant } from "../../src/runner/invariant.js";
import type { ProgressEvent } from "../../src/runner/progress-event.js";
import { replayCommand } from "../../src/runner/replay-command.js";
import { subprocessLauncher, type TesteeLauncher } from "../../src/testee/testee-launcher.js";
import { gadgetRegistry } from "../support/gadget-schema.js";
import { nodeCommand } from "../support/paths.js";
import { displayOnlyNotLogged } from "../support/test-invariants.js";
import { toyTestee, type ToyMistake } from "../support/toy-testee.js";
import { assertWellFormedXml } from "../support/xml-well-formed.js";
import { htmlReport } from "../../src/report/html-report.js";
import { jsonReport } from "../../src/report/json-report.js";
import { junitReport } from "../../src/report/junit-report.js";

function toy(mistake?: ToyMistake): TesteeLauncher {
  return { description: "toy", start: async () => toyTestee(mistake) };
}

const files = [...gadgetRegistry.files];

async function run(launcher: TesteeLauncher, seed: number, invariants: Invariant[] = [displayOnlyNotLogged], events?: ProgressEvent[], jobs?: number): Promise<CertificationResult> {
  return certify({
    launcher,
    invariants,
    seed,
    runs: 25,
    jobs,
    files,
    onProgress: (e) => events?.push(e),
    replayCommand: (id, s) => replayCommand({ command: "toy" }, id, s),
  });
}

describe("certify", () => {
  it("a testee that keeps the rule passes every generated scenario", async () => {
    const events: ProgressEvent[] = [];
    const result = await run(toy(), 1234, [displayOnlyNotLogged], events);
    const [verdict] = result.verdicts;
    expect(verdict).toMatchObject({ id: "TEST-DISPLAY-ONLY-NOT-LOGGED", verdict: "pass", products: ["gadget"], scenarios: 25, violations: [] });
    expect(result.outcome).toBe("certified");
    expect(result.testee).toMatchObject({ name: "toy", products: ["gadget"] });
    expect(events.filter((e) => e.kind === "scenario")).toHaveLength(25);
    expect(events.at(-1)).toMatchObject({ kind: "invariant-end" });
    // The data-flow picture saw display-only canaries planted and never stored.
    const text = result.dataFlow.find((e) => e.messageType === "datapact.testing.v1.Notification" && e.field === "text");
    expect(text?.planted).toBeGreaterThan(0);
    expect(text?.reached.filter((r) => r.place !== "app")).toEqual([]);
  });

  it("a testee that breaks it fails, with the shortest scenario, the field, the sink, the step and a replay command", async () => {
    const seed = 99;
    const result = await run(toy("logs-notification-text"), seed);
    const [verdict] = result.verdicts;
    expect(verdict!.verdict).toBe("fail");
    expect(result.outcome).toBe("violations");
    const v = verdict!.violations[0]!;
    expect(v.sink).toBe("log");
    expect(v.fieldPath).toBe("text");
    expect(v.messageType).toBe("datapact.testing.v1.Notification");
    expect(v.step?.name).toBe("emit_device_frame");
    expect(v.message).toMatch(/display-only value in the log: found in log/);
    // Shrunk to: turn the function on, emit one notification (then the dump).
    const choices = verdict!.counterexample!.steps.map((s) => s.name).filter((n) => !["reset", "create_account", "bind_device", "give_consent", "dump"].includes(n));
    expect(choices).toEqual(["set_function", "emit_device_frame"]);
    expect(verdict!.counterexample!.seed).toBe(seed);
    expect(verdict!.replay).toBe(`datapact certify --testee toy --only TEST-DISPLAY-ONLY-NOT-LOGGED --seed ${seed}`);
    // Shrunk values say where, never what.
    expect(JSON.stringify(verdict!.counterexample)).not.toMatch(/dpc_/);
    // Every report of a real run is well-formed and names no canary value.
    for (const doc of [junitReport(result), htmlReport(result)]) {
      assertWellFormedXml(doc);
      expect(doc).not.toMatch(/dpc_[a-z2-7]{20}/);
    }
    expect(htmlReport(result)).toMatch(/<div class="leak">✗ log \(\d+\)<\/div>/);
    expect(jsonReport(result)).not.toMatch(/dpc_[a-z2-7]{20}/);
  });

  it("the same seed replays the same counterexample", async () => {
    const a = await run(toy("logs-notification-text"), 7);
    const b = await run(toy("logs-notification-text"), 7);
    expect(b.verdicts[0]!.counterexample!.path).toBe(a.verdicts[0]!.counterexample!.path);
    expect(b.verdicts[0]!.counterexample!.steps).toEqual(a.verdicts[0]!.counterexample!.steps);
  });

  it("a testee that crashes is unavailable, never a pass", async () => {
    const result = await run(subprocessLauncher(nodeCommand("test/fixtures/testees/misbehaving-testee.mjs", "crash"), { stepTimeoutMs: 2_000 }), 1);
    expect(result.outcome).toBe("unavailable");
    expect(result.verdicts[0]).toMatchObject({ verdict: "unavailable" });
    expect(result.unavailableReason).toMatch(/exited with status 3/);
  });

  it("the minimal example testee certifies nothing: it lacks the required steps", async () => {
    const result = await run(subprocessLauncher(nodeCommand("examples/minimal-testee.mjs")), 1);
    expect(result.verdicts[0]).toMatchObject({ verdict: "error" });
    expect(result.verdicts[0]!.reason).toMatch(/does not implement required steps: create_account/);
    expect(result.outcome).toBe("violations");
  });

  it("an invariant for products the testee lacks is not applicable, and a run of only those certifies nothing", async () => {
    const result = await run(toy(), 1, [{ ...displayOnlyNotLogged, id: "TEST-OTHER", products: ["camera"] }]);
    expect(result.verdicts[0]).toMatchObject({ verdict: "not_applicable", products: [] });
    expect(result.outcome).toBe("violations");
  });

  it("jobs: independent testees check their share of the invariants side by side, with the verdicts of a run in turn, in order", async () => {
    const starts: string[] = [];
    const counted = (independentInstances: boolean): TesteeLauncher => ({
      description: "toy",
      independentInstances,
      start: async () => {
        starts.push("start");
        return toyTestee("logs-notification-text");
      },
    });
    const invariants = ["A", "B", "C"].map((x) => ({ ...displayOnlyNotLogged, id: `TEST-${x}` }));
    const inTurn = await run(counted(true), 7, invariants);
    expect(starts).toHaveLength(1);
    starts.length = 0;
    const sideBySide = await run(counted(true), 7, invariants, undefined, 2);
    expect(starts).toHaveLength(2);
    expect(sideBySide.verdicts.map((v) => v.id)).toEqual(["TEST-A", "TEST-B", "TEST-C"]);
    const judged = (r: CertificationResult) => r.verdicts.map((v) => ({ id: v.id, verdict: v.verdict, violations: v.violations, steps: v.counterexample?.steps }));
    expect(judged(sideBySide)).toEqual(judged(inTurn));
    expect(sideBySide.verdicts.every((v) => v.verdict === "fail")).toBe(true);
    // One running testee (a URL) cannot be shared: jobs falls back to one.
    starts.length = 0;
    await run(counted(false), 7, invariants, undefined, 2);
    expect(starts).toHaveLength(1);
  });
});
