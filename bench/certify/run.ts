// bench/certify: wall time and peak memory of a full certification of the
// reference implementation at the default run count, with the time of each
// invariant. Target (issue 5): under 2 minutes on 2 cores. It prints; it
// never fails a build.
//
//   DATAPACT_RUNS=n   scenarios per invariant (default: the kit's, 20)
//   DATAPACT_JOBS=n   reference testees checked side by side (default: one per core, at most 2)
//
// The load average is printed before and after: on a machine shared with
// other work the wall time says little, the kit's CPU time more.
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCertification } from "@datapact/conformance";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const reference = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(root, "conformance/testees/reference/dist/main.js"))}`;
const runs = process.env.DATAPACT_RUNS ? Number(process.env.DATAPACT_RUNS) : undefined;
const jobs = process.env.DATAPACT_JOBS ? Number(process.env.DATAPACT_JOBS) : Math.min(2, availableParallelism());
const loadBefore = loadavg()[0]!;

/** CPU seconds of this process's finished children (the testees), from /proc on Linux; undefined elsewhere. */
function childrenCpuSeconds(): number | undefined {
  try {
    // Fields after the command's closing parenthesis; cutime and cstime are the 16th and 17th of the line, in clock ticks (100 a second).
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}
const childrenBefore = childrenCpuSeconds();
const cpuBefore = process.cpuUsage();

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);
const quiet = { write: () => true };
const started = performance.now();
const run = await runCertification({
  testee: { command: reference },
  runs,
  jobs,
  seed: 20261124,
  cwd: root,
  reportDir: join(root, "report/bench-certify"),
  stdout: quiet,
  stderr: quiet,
  interactive: false,
} as Parameters<typeof runCertification>[0]);
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const childrenAfter = childrenCpuSeconds();
const testeesCpu = childrenBefore !== undefined && childrenAfter !== undefined ? ` + testees ${(childrenAfter - childrenBefore).toFixed(1)} s` : "";
clearInterval(sampler);

const result = run.result;
console.log(`bench/certify: reference implementation, ${result?.runs ?? runs ?? "default"} runs per invariant, ${jobs} testee(s) side by side, seed 20261124, node ${process.version}`);
for (const v of result?.verdicts ?? []) console.log(`  ${v.id.padEnd(34)} ${v.verdict.padEnd(15)} ${(v.durationMs / 1000).toFixed(1).padStart(6)} s  ${v.scenarios} scenarios`);
console.log(`  wall time ${(wallMs / 1000).toFixed(1)} s (target < 120 s: ${wallMs < 120_000 ? "within target" : "OVER TARGET"}), ratio to target ${(wallMs / 120_000).toFixed(2)}x`);
console.log(`  CPU time: kit ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s${testeesCpu}; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after, on ${availableParallelism()} cores`);
console.log(`  peak RSS of the kit ${(peakRss / 2 ** 20).toFixed(0)} MiB (the testee runs in its own process), exit code ${run.exitCode}`);
