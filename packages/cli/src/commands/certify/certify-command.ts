import type { Command } from "../../command.js";
import type { ExitCode } from "../../exit-codes.js";
import { parseCertifyArguments } from "./certify-arguments.js";
import { loadConformanceKit, type LoadConformanceKit } from "./conformance-kit.js";

const USAGE = `Usage: datapact certify (--testee "<command>" | --url <connect-url>) [options]

Certifies an implementation of the pact (the testee) with the conformance kit:
drives it through the harness protocol (docs/certification/harness.md),
generates scenarios from the schemas and a model of the user's choices,
plants canaries in guarded fields and searches every sink for them.

Testee (exactly one):
  --testee "<command>"    start the testee as a subprocess; the harness runs over
                          its stdin/stdout (length-prefixed messages), its stderr is its log
  --url <connect-url>     drive a running testee over Connect (HarnessService.Step)

Options:
  --database-url <url>    the testee's database (postgres://… or a PGlite data directory);
                          the kit scans every table of it itself
  --seed <n>              replay a run (every invariant uses this seed)
  --runs <n>              scenarios per invariant (default 20)
  --jobs <n>              with --testee: start n testees and check invariants on them side
                          by side (default 1; each must share nothing with the others)
  --only <id>…            check only these invariants (repeat, or separate with commas)
  --report-dir <dir>      where report.json, junit.xml and report.html go (default: report)
  --json                  print report.json on stdout instead of the summary

Exit codes:
  0  every invariant that applies holds (and at least one applies)
  1  an invariant failed or could not be checked, or nothing could be certified
  2  usage error: unknown option, bad value, unknown --only id
  4  the testee is unavailable: it crashed, hung, wrote garbage, or its database could not be read
`;

/** `datapact certify`, loading the conformance kit through `loadKit`. */
export function createCertifyCommand(loadKit: LoadConformanceKit = loadConformanceKit): Command {
  return {
    name: "certify",
    summary: "Certify an implementation of the pact with the conformance kit",
    usage: USAGE,
    async run(args, io) {
      const parsed = parseCertifyArguments(args);
      const kit = await loadKit();
      const { exitCode } = await kit.runCertification({ ...parsed, cwd: io.cwd, stdout: io.stdout, stderr: io.stderr, interactive: io.interactive });
      return exitCode as ExitCode;
    },
  };
}

/** `datapact certify`. */
export const certifyCommand: Command = createCertifyCommand();
