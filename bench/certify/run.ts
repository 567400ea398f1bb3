// bench/certify: wall time and peak memory of a full certification of the
// reference implementation at the default run count, with the time of each
// invariant. Target (issue 5): under 2 minutes on 2 cores. It prints; it
// never fails a build.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCertification } from "@datapact/conformance";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const reference = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(root, "conformance/testees/reference/dist/main.js"))}`;
const runs = process.env.DATAPACT_RUNS ? Number(process.env.DATAPACT_RUNS) : undefined;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);
const quiet = { write: () => true };
const started = performance.now();
const run = await runCertification({
  testee: { command: reference },
  runs,
  seed: 20261124,
  cwd: root,
  reportDir: join(root, "report/bench-certify"),
  stdout: quiet,
  stderr: quiet,
  interactive: false,
} as Parameters<typeof runCertification>[0]);
const wallMs = performance.now() - started;
clearInterval(sampler);

const result = run.result;
console.log(`bench/certify: reference implementation, ${result?.runs ?? runs ?? "default"} runs per invariant, seed 20261124, node ${process.version}`);
for (const v of result?.verdicts ?? []) console.log(`  ${v.id.padEnd(34)} ${v.verdict.padEnd(15)} ${(v.durationMs / 1000).toFixed(1).padStart(6)} s  ${v.scenarios} scenarios`);
console.log(`  wall time ${(wallMs / 1000).toFixed(1)} s (target < 120 s: ${wallMs < 120_000 ? "within target" : "OVER TARGET"}), ratio to target ${(wallMs / 120_000).toFixed(2)}x`);
console.log(`  peak RSS of the kit ${(peakRss / 2 ** 20).toFixed(0)} MiB (the testee runs in its own process), exit code ${run.exitCode}`);
