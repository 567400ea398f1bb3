#!/usr/bin/env node
// `pnpm start`: the main job. Builds everything, checks the pact (lint),
// regenerates each product's data inventory and store labels from the schemas
// into ./report/inventory, runs the demo (the reference cloud on embedded
// PGlite with a simulated band, scale and camera driven through the app SDK,
// printing where every value went), and ends by certifying the reference
// implementation with the conformance kit (reports in ./report/certification).
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1" };

function step(title, command, args) {
  process.stdout.write(`\n== ${title}\n`);
  const r = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (r.status !== 0) {
    process.stderr.write(`start: "${title}" failed (exit ${r.status})\n`);
    process.exit(r.status ?? 70);
  }
}

const datapact = (...args) => [join(root, "packages/cli/dist/bin.js"), ...args];
step("build", join(root, "node_modules/.bin/turbo"), ["run", "build", "--output-logs=errors-only"]);
step("datapact lint proto/", process.execPath, datapact("lint", "proto/"));
step("datapact inventory (every product) -> report/inventory", process.execPath, datapact("inventory", "--format", "md", "--out", "report/inventory"));
step("datapact inventory --against the seeds' appendix rows", process.execPath, datapact("inventory", "--against", "docs/inventory/seed-rows.json"));
const reference = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(root, "conformance/testees/reference/dist/main.js"))}`;
step("datapact demo (reference implementation on PGlite)", process.execPath, datapact("demo", "--testee", reference));
step(
  "datapact certify the reference implementation",
  process.execPath,
  datapact("certify", "--testee", reference, "--report-dir", "report/certification", "--runs", process.env.DATAPACT_RUNS ?? "2", "--jobs", "2"),
);
process.stdout.write("\nstart: done. Inventories are in report/inventory/, certification reports (report.json, junit.xml, report.html) in report/certification/.\n");
