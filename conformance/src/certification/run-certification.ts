import { isAbsolute, join, relative } from "node:path";
import { allInvariants } from "../invariants/index.js";
import { HumanReporter } from "../report/human-reporter.js";
import { jsonReport } from "../report/json-report.js";
import { writeReports, type ReportFiles } from "../report/write-reports.js";
import { certify } from "../runner/certify.js";
import { replayCommand } from "../runner/replay-command.js";
import type { CertificationResult } from "../runner/verdict.js";
import { connectLauncher, subprocessLauncher } from "../testee/testee-launcher.js";
import type { CertificationRequest } from "./certification-request.js";

/**
 * Exit codes of `datapact certify`, stable for scripts and CI:
 * 0 every invariant that applies holds (and at least one applies);
 * 1 an invariant failed, errored, or nothing could be certified;
 * 2 usage: an unknown flag, a bad value, an unknown `--only` id;
 * 4 the testee is unavailable: it crashed, hung, wrote garbage, or its database could not be read.
 */
export const CertifyExitCode = { Certified: 0, NotCertified: 1, Usage: 2, Unavailable: 4 } as const;
export type CertifyExitCode = (typeof CertifyExitCode)[keyof typeof CertifyExitCode];

/** How a certification run ended. */
export interface CertificationRun {
  readonly exitCode: CertifyExitCode;
  readonly result?: CertificationResult;
  readonly reportFiles?: ReportFiles;
}

/**
 * Runs `datapact certify`: chooses the invariants, starts the testee, checks
 * them with a progress display, writes report.json, junit.xml and
 * report.html, prints the summary (or report.json with `--json`) and says
 * which exit code the command ends with.
 */
export async function runCertification(request: CertificationRequest): Promise<CertificationRun> {
  const registered = request.invariants ?? allInvariants;
  const only = request.only ?? [];
  const unknown = only.filter((id) => !registered.some((inv) => inv.id === id));
  if (unknown.length > 0) {
    request.stderr.write(`datapact certify: unknown invariant ${unknown.join(", ")}; known: ${registered.map((i) => i.id).join(", ") || "none"}\n`);
    return { exitCode: CertifyExitCode.Usage };
  }
  const invariants = only.length > 0 ? registered.filter((inv) => only.includes(inv.id)) : registered;
  if (invariants.length === 0) {
    request.stderr.write("datapact certify: no invariants are registered: nothing can be certified\n");
    return { exitCode: CertifyExitCode.NotCertified };
  }
  const options = { stepTimeoutMs: request.stepTimeoutMs, cwd: request.cwd };
  const launcher = "command" in request.testee ? subprocessLauncher(request.testee.command, options) : connectLauncher(request.testee.url, options);
  const seed = request.seed ?? ((Date.now() ^ (Math.random() * 0x7fffffff)) | 0);
  const extra = [...(request.runs !== undefined ? [`--runs ${request.runs}`] : []), ...(request.databaseUrl ? [`--database-url ${request.databaseUrl}`] : [])];
  const human = new HumanReporter(request.stderr, request.interactive);
  request.stderr.write(`datapact certify: ${invariants.length} invariant${invariants.length === 1 ? "" : "s"}, seed ${seed}\n`);
  const result = await certify({
    launcher,
    invariants,
    seed,
    runs: request.runs,
    jobs: request.jobs,
    databaseUrl: request.databaseUrl,
    files: request.files,
    onProgress: human.onProgress,
    replayCommand: (id, s) => replayCommand(request.testee, id, s, extra),
  });
  const dir = request.reportDir ?? "report";
  const reportFiles = await writeReports(result, isAbsolute(dir) ? dir : join(request.cwd, dir));
  if (request.json) request.stdout.write(jsonReport(result));
  else {
    request.stdout.write(human.summary(result));
    request.stdout.write(`reports: ${[reportFiles.json, reportFiles.junit, reportFiles.html].map((f) => relative(request.cwd, f) || f).join(", ")}\n`);
  }
  const exitCode = result.outcome === "certified" ? CertifyExitCode.Certified : result.outcome === "unavailable" ? CertifyExitCode.Unavailable : CertifyExitCode.NotCertified;
  return { exitCode, result, reportFiles };
}
