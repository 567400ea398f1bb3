#!/usr/bin/env node
// `pnpm datapact …` from the repository: builds the CLI and what it depends
// on (turbo caches, so this is instant when nothing changed), then runs it.
// Build output is shown only when the build fails.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const turbo = join(root, "node_modules/.bin/turbo");
const build = spawnSync(turbo, ["run", "build", "--filter=@datapact/cli...", "--output-logs=errors-only"], {
  cwd: root,
  encoding: "utf8",
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
});
if (build.status !== 0) {
  process.stderr.write(build.stdout + build.stderr);
  process.stderr.write("datapact: building the CLI failed\n");
  process.exit(70);
}
const run = spawnSync(process.execPath, [join(root, "packages/cli/dist/bin.js"), ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(run.status ?? 70);
