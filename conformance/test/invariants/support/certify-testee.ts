import { analyticsOptIn, badInputChangesNothing, displayOnlyNeverStored, encryptedAtRest, functionsOffByDefault, newPurposeNeedsConsent, noPersonalDataInLogs, statementWithinSchema, thirdPartyDirectRefused } from "../../../src/invariants/index.js";
import { certify } from "../../../src/runner/certify.js";
import type { Invariant } from "../../../src/runner/invariant.js";
import type { CertificationResult } from "../../../src/runner/verdict.js";
import { subprocessLauncher } from "../../../src/testee/testee-launcher.js";
import type { BuiltTestee } from "../../testees/support/built-testee.js";

/** The invariants of issue 5's first part, in report order. */
export const firstInvariants: readonly Invariant[] = [
  displayOnlyNeverStored,
  thirdPartyDirectRefused,
  statementWithinSchema,
  analyticsOptIn,
  functionsOffByDefault,
  newPurposeNeedsConsent,
  encryptedAtRest,
  noPersonalDataInLogs,
  badInputChangesNothing,
];

/** The seed of every certification in these tests: DATAPACT_SEED replays another. */
export const seed = Number(process.env.DATAPACT_SEED ?? 20260115);

/** Certifies the built reference testee (or one of its broken variants) with `invariants`, printing each verdict and its time. */
export async function certifyTestee(built: BuiltTestee, options: { fault?: string; invariants: readonly Invariant[]; runs: number }): Promise<CertificationResult> {
  const command = options.fault ? built.command("--fault", options.fault) : built.command();
  const result = await certify({
    launcher: subprocessLauncher(command, { env: built.env, stepTimeoutMs: 120_000 }),
    invariants: options.invariants,
    seed,
    runs: options.runs,
  });
  const who = options.fault ? `broken testee ${options.fault}` : "reference testee";
  for (const v of result.verdicts) console.log(`${who} [${built.engine}, seed ${seed}, runs ${options.runs}]: ${v.id} ${v.verdict} in ${v.durationMs} ms (${v.scenarios} scenarios)`);
  return result;
}
