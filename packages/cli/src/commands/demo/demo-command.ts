import { randomBytes } from "node:crypto";
import { create, ScalarType } from "@bufbuild/protobuf";
import { conformance } from "@datapact/proto";
import type { Command, CommandIO } from "../../command.js";
import { CommandError, ExitCode } from "../../exit-codes.js";
import { demoScenario, type PlantedValue } from "./demo-scenario.js";
import { referenceTesteeCommand } from "./reference-testee.js";

const USAGE = `Usage: datapact demo [--testee "<command>"] [--json]

Runs a short story against an implementation of the pact (by default the
reference implementation: this repository's device, app and cloud SDKs on an
embedded PGlite database): Alice pairs a band, a scale and a camera, consents,
turns functions on, receives a notification, records a clip, joins and leaves
the user experience improvement plan. Every personal value is a unique
marker; the demo then searches every tier (the device<->app link, the device
and app stores, the app->cloud traffic, every table of the cloud database,
the logs) and prints where each value went.

Options:
  --testee "<command>"   the implementation to drive (harness protocol over stdio)
  --json                 print the findings as JSON

Exit codes: 0 every value went only where the pact lets it; 1 a value reached
a tier it must not; 2 usage error; 4 the testee could not be run.
`;

/** The columns of the demo's table: where a value can be seen. */
const COLUMNS: readonly { title: string; matches: (sink: string) => boolean }[] = [
  { title: "BLE link", matches: (s) => s === "hop:device->app" },
  { title: "device store", matches: (s) => s === "device-store" },
  { title: "app store", matches: (s) => s === "app-store" },
  { title: "app->cloud", matches: (s) => s === "hop:app->cloud" || s === "hop:device->cloud" },
  { title: "cloud db", matches: (s) => s.startsWith("db:") || s === "cloud-store" },
  { title: "logs", matches: (s) => s === "log" },
  { title: "export", matches: (s) => s === "export" },
];

/** Where each planted value may be seen, by column title; anything else is a violation. */
function allowedColumns(p: PlantedValue): ReadonlySet<string> {
  if (p.expectation.startsWith("display-only")) return new Set(["BLE link"]);
  if (p.expectation.startsWith("nowhere")) return new Set();
  if (p.expectation.startsWith("cloud, sealed")) return new Set(["BLE link", "app->cloud", "export"]);
  // Pseudonymous analytics are not Alice's data under her account: they are not in her export.
  return new Set(["BLE link", "app store", "app->cloud", "cloud db"]);
}

function parse(args: readonly string[]): { testee?: string; json: boolean } {
  let testee: string | undefined;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--json") json = true;
    else if (a === "--testee") {
      testee = args[++i];
      if (!testee) throw new CommandError(ExitCode.Usage, "--testee needs a command");
    } else throw new CommandError(ExitCode.Usage, `unknown option ${JSON.stringify(a)}`);
  }
  return { testee, json };
}

async function runDemo(args: readonly string[], io: CommandIO): Promise<ExitCode> {
  const options = parse(args);
  const kit = await import("@datapact/conformance");
  const command = options.testee ?? referenceTesteeCommand();
  const say = (line: string) => {
    if (!options.json) io.stdout.write(line + "\n");
  };
  const testee = kit.spawnTestee(command);
  let proxy: import("@datapact/conformance").HopProxy | undefined;
  const observations: import("@datapact/conformance").Observation[] = [];
  let stepNumber = 0n;
  const send = async (step: conformance.HarnessRequest["step"]) => {
    stepNumber++;
    const request = create(conformance.HarnessRequestSchema, { protocolVersion: kit.kitProtocolVersion, stepNumber, step });
    let response: conformance.HarnessResponse;
    try {
      response = await testee.send(request);
    } catch (err) {
      throw new CommandError(ExitCode.Unavailable, `the testee failed at step ${stepNumber} (${step.case}): ${(err as Error).message}`);
    }
    observations.push(...kit.responseObservations(response));
    return response;
  };

  try {
    const described = await send({ case: "describe", value: create(conformance.DescribeStepSchema) });
    const description = described.result.case === "ok" && described.result.value.detail.case === "describe" ? described.result.value.detail.value : undefined;
    say(`demo: ${description ? `${description.name} ${description.version}` : command}`);
    // The app's traffic to the cloud goes through the kit's hop proxy, which records what crosses.
    if (description?.cloudUrl) proxy = await kit.startHopProxy(description.cloudUrl);
    await send({ case: "reset", value: create(conformance.ResetStepSchema, { appCloudUrl: proxy?.url ?? "" }) });

    const { steps, planted } = demoScenario(
      () => kit.Canary.mint("demo", { scalar: ScalarType.STRING }).value as string,
      () => new Uint8Array(randomBytes(16)),
    );
    for (const step of steps) {
      const r = await send(step.request);
      const outcome = r.result.case === "ok" ? "ok" : r.result.case === "error" ? `refused (${r.result.value.code})` : `skipped (${r.result.value?.reason ?? ""})`;
      say(`  ${step.say.padEnd(62)} ${outcome}`);
    }

    const exported = await send({ case: "export", value: create(conformance.ExportStepSchema, { account: "alice" }) });
    say(`  ${"she downloads her data".padEnd(62)} ${exported.result.case === "ok" ? "ok" : exported.result.case}`);
    const dumped = await send({ case: "dump", value: create(conformance.DumpStepSchema) });
    if (proxy) observations.push(...kit.hopObservations(proxy.take()));
    for (const line of testee.takeLog()) observations.push({ sink: "log", bytes: new TextEncoder().encode(line), detail: "stderr" });
    const databaseUrl = dumped.result.case === "ok" && dumped.result.value.detail.case === "dump" ? dumped.result.value.detail.value.databaseUrl : "";
    if (databaseUrl) observations.push(...(await kit.scanDatabase(databaseUrl)));

    const canaries = planted.map((p) => kit.Canary.of(p.label, typeof p.value === "string" ? ScalarType.STRING : ScalarType.BYTES, p.value));
    const hits = kit.findCanaries(observations, canaries);
    const rows = planted.map((p, i) => {
      const sinks = new Set(hits.filter((h) => h.canary === canaries[i]).map((h) => h.sink as string));
      const seen = COLUMNS.filter((c) => [...sinks].some((s) => c.matches(s))).map((c) => c.title);
      const allowed = allowedColumns(p);
      const violations = seen.filter((c) => !allowed.has(c));
      return { label: p.label, expectation: p.expectation, seen, violations };
    });

    if (options.json) io.stdout.write(JSON.stringify({ testee: command, databaseScanned: databaseUrl !== "", rows }, null, 2) + "\n");
    else {
      say("");
      say("Where each value went (x = the marker was found there in plain text, base64, hex or inside protobuf bytes;");
      say("the BLE link is AES-GCM encrypted and sealed columns hold ciphertext, so a value there shows no x):");
      const width = Math.max(...rows.map((r) => r.label.length));
      say(`  ${"value".padEnd(width)}  ${COLUMNS.map((c) => c.title).join(" | ")}`);
      for (const r of rows) {
        const cells = COLUMNS.map((c) => (r.seen.includes(c.title) ? "x" : " ").padStart(Math.ceil(c.title.length / 2)).padEnd(c.title.length));
        say(`  ${r.label.padEnd(width)}  ${cells.join(" | ")}  ${r.violations.length ? `VIOLATION: ${r.violations.join(", ")}` : ""}`);
      }
      say("");
      for (const r of rows) say(`  ${r.label}: ${r.expectation}`);
      say(databaseUrl ? "\nThe cloud database was scanned by the demo itself, every table and column." : "\nThe testee named no database to scan; its own dump was searched.");
    }
    return rows.some((r) => r.violations.length > 0) ? ExitCode.ViolationsFound : ExitCode.Ok;
  } finally {
    await testee.close();
    await proxy?.close();
  }
}

/** `datapact demo`: a short story against an implementation, showing where every value went. */
export const demoCommand: Command = {
  name: "demo",
  summary: "Run a short story against the reference implementation and show where each value went",
  usage: USAGE,
  run: runDemo,
};
