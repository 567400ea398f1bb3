// The data-rights invariants (issue 5, part B) against the reference testee
// and their broken testees. The reference holds every one of them; each
// broken testee (the reference with one mistake, see
// conformance/testees/broken/) fails exactly the invariant whose rule it
// breaks, with violations naming the field, the sink and the step, and
// passes the other data-rights invariants. With PostgreSQL each broken
// testee is checked against all five; on PGlite alone (slow scans) against
// its own invariant only, and the test says so.
import { describe, expect, it } from "vitest";
import { deleteReachesEveryCopy } from "../../src/invariants/delete-reaches-every-copy.js";
import { exportComplete } from "../../src/invariants/export-complete.js";
import { retentionLimitsHold } from "../../src/invariants/retention-limits-hold.js";
import { sharingLimited } from "../../src/invariants/sharing-limited.js";
import { withdrawConsent } from "../../src/invariants/withdraw-consent.js";
import type { Invariant } from "../../src/runner/invariant.js";
import { expectCertified } from "../invariants/support/broken-testee-check.js";
import { describeBrokenTestees } from "../invariants/support/broken-testee-suite.js";
import { certifyTestee } from "../invariants/support/certify-testee.js";
import { useBuiltReferenceTestee } from "../testees/support/built-testee.js";

const dataRightsInvariants: readonly Invariant[] = [retentionLimitsHold, exportComplete, deleteReachesEveryCopy, withdrawConsent, sharingLimited];

/** Broken testees whose mistake the kit catches: `--fault` name (the invariant's id for its first fault) and the invariant it breaks. */
const FAULTS: readonly (readonly [string, string])[] = [
  ["DP-RETENTION-LIMITS-HOLD", "DP-RETENTION-LIMITS-HOLD"],
  ["DP-EXPORT-COMPLETE", "DP-EXPORT-COMPLETE"],
  ["DP-DELETE-REACHES-EVERY-COPY", "DP-DELETE-REACHES-EVERY-COPY"],
  ["DP-WITHDRAW-CONSENT", "DP-WITHDRAW-CONSENT"],
  // The whole app withdrawn, nothing erased.
  ["app-withdrawal-keeps-data", "DP-WITHDRAW-CONSENT"],
  // One product withdrawn, collection stopped, nothing of it erased.
  ["product-withdrawal-keeps-records", "DP-WITHDRAW-CONSENT"],
  ["DP-SHARING-LIMITED", "DP-SHARING-LIMITED"],
];

const built = useBuiltReferenceTestee();

describe("the reference testee", () => {
  it("holds every data-rights invariant", async () => {
    expectCertified(await certifyTestee(built(), { invariants: dataRightsInvariants, runs: 1 }), dataRightsInvariants);
  }, 900_000);
});

describeBrokenTestees(FAULTS, dataRightsInvariants, built);
