import type { CertificationResult } from "../../src/runner/verdict.js";

const step = (number: number, summary: string) => ({ number, name: summary.split(" ")[0]!, summary });

/** A result with every kind of verdict and strings that need escaping everywhere a reporter prints one. */
export const hostileResult: CertificationResult = {
  testee: {
    description: `subprocess \`node t.mjs --name "<b>&'x'"\``,
    name: `<script>alert("x")</script> & co \u0001`,
    version: `1.0 <beta>`,
    products: ["gadget"],
    supportedSteps: ["describe", "reset"],
  },
  seed: 42,
  runs: 20,
  startedAt: "2025-01-01T00:00:00.000Z",
  durationMs: 65_432,
  outcome: "violations",
  verdicts: [
    {
      id: "DP-PASSES",
      title: "Holds <always>",
      statement: "A & B.",
      source: "000 §3.2 (5); M036",
      products: ["gadget"],
      verdict: "pass",
      violations: [],
      scenarios: 20,
      durationMs: 1200,
      replay: `datapact certify --testee "node t.mjs" --only DP-PASSES --seed 42`,
    },
    {
      id: "DP-FAILS",
      title: "Display-only never stored",
      statement: "Display-only values are never written.",
      source: "000 §3.2",
      products: ["gadget"],
      verdict: "fail",
      violations: [
        { fieldPath: "text", messageType: "datapact.testing.v1.Notification", sink: "db:app.records.body", step: step(6, "emit_device_frame d1 datapact.testing.v1.Notification"), message: `display-only value stored: found in db:app.records.body row 1 ("<&>")` },
      ],
      counterexample: { seed: 42, path: "3:1:0", shrinks: 5, steps: [step(1, "reset"), step(6, "emit_device_frame d1 datapact.testing.v1.Notification"), step(7, "dump")] },
      scenarios: 31,
      durationMs: 3400,
      replay: `datapact certify --testee "node t.mjs" --only DP-FAILS --seed 42`,
    },
    { id: "DP-NA", title: "Sharing", statement: "s", source: "000 §3.8", products: [], verdict: "not_applicable", reason: "the testee does not implement read_as", violations: [], scenarios: 0, durationMs: 1, replay: "r" },
    { id: "DP-ERR", title: "Setup", statement: "s", source: "x", products: ["gadget"], verdict: "error", reason: `the testee answered error invalid_argument to #2 create_account a1 eu`, violations: [], scenarios: 1, durationMs: 5, replay: "r" },
    { id: "DP-GONE", title: "Crash", statement: "s", source: "x", products: ["gadget"], verdict: "unavailable", reason: "subprocess `x`: exited with status 3 (at step #4 sync a1)", violations: [], scenarios: 2, durationMs: 9, replay: "r" },
  ],
  dataFlow: [
    {
      productId: "gadget",
      messageType: "datapact.testing.v1.Notification",
      field: "text",
      planted: 12,
      allowedTiers: [],
      reached: [
        { sink: "hop:device->app", place: "app", allowed: true, hits: 12 },
        { sink: "db:app.records.body", place: "cloud", allowed: false, hits: 3 },
      ],
    },
    { productId: "gadget", messageType: "datapact.testing.v1.Reading", field: "heart_rate", planted: 4, allowedTiers: ["device", "app", "cloud"], reached: [{ sink: "cloud-store", place: "cloud", allowed: true, hits: 4 }] },
  ],
};
