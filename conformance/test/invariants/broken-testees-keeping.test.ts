// The broken testees of the rules about what an implementation keeps.
// Each (the reference with one mistake, see conformance/testees/README.md)
// fails exactly the invariant whose rule it breaks, with violations naming
// the field, the sink and the step, and passes every other invariant. With PostgreSQL each is certified against
// all of them; on PGlite alone (slow scans) only its own invariant is
// checked, and the test says so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReferenceTestee, type BuiltTestee } from "../testees/support/built-testee.js";
import { expectFailsExactly } from "./support/broken-testee-check.js";
import { certifyTestee, firstInvariants } from "./support/certify-testee.js";

const FAULTS = ["DP-DISPLAY-ONLY-NEVER-STORED", "DP-THIRD-PARTY-DIRECT-REFUSED", "DP-STATEMENT-WITHIN-SCHEMA", "DP-ENCRYPTED-AT-REST", "DP-BAD-INPUT-CHANGES-NOTHING"];

let built: BuiltTestee;
beforeAll(async () => {
  built = await buildReferenceTestee();
  if (built.engine === "pglite") console.log("PostgreSQL unreachable: each broken testee is checked against its own invariant only (the cross-check needs DATAPACT_PG_URL)");
}, 120_000);
afterAll(async () => {
  await built?.remove();
});

describe.each(FAULTS)("the broken testee %s", (fault) => {
  it("fails exactly its own invariant, naming field, sink and step, and passes the others", async () => {
    const invariants = built.engine === "postgres" ? firstInvariants : firstInvariants.filter((i) => i.id === fault);
    // Scripted scenarios only (runs 0): each plants every guarded field, which is where every mistake shows;
    // the reference's certification explores.
    const result = await certifyTestee(built, { fault, invariants, runs: 0 });
    expect(result.verdicts.map((v) => v.id)).toEqual(invariants.map((i) => i.id));
    expectFailsExactly(result, fault);
  }, 900_000);
});
