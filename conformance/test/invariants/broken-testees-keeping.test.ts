// The broken testees of the rules about what an implementation keeps.
// Each (the reference with one mistake, see conformance/testees/README.md)
// fails exactly the invariant whose rule it breaks, with violations naming
// the field, the sink and the step, and passes every other invariant. With PostgreSQL each is certified against
// all of them; on PGlite alone (slow scans) only its own invariant is
// checked, and the test says so.
import { useBuiltReferenceTestee } from "../testees/support/built-testee.js";
import { describeBrokenTestees } from "./support/broken-testee-suite.js";
import { firstInvariants } from "./support/certify-testee.js";

const FAULTS = ["DP-DISPLAY-ONLY-NEVER-STORED", "DP-THIRD-PARTY-DIRECT-REFUSED", "DP-STATEMENT-WITHIN-SCHEMA", "DP-ENCRYPTED-AT-REST", "DP-BAD-INPUT-CHANGES-NOTHING"];

describeBrokenTestees(
  FAULTS.map((id) => [id, id] as const),
  firstInvariants,
  useBuiltReferenceTestee(),
);
