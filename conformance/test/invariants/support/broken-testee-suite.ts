import { beforeAll, describe, expect, it } from "vitest";
import type { Invariant } from "../../../src/runner/invariant.js";
import type { BuiltTestee } from "../../testees/support/built-testee.js";
import { expectFailsExactly } from "./broken-testee-check.js";
import { certifyTestee } from "./certify-testee.js";

/**
 * One test per broken testee (`--fault` name and the id of the invariant
 * it breaks): it fails exactly that invariant, with violations naming
 * field, sink and step, and passes every other of `invariants` (all of them
 * with PostgreSQL; its own only on PGlite, whose scans are slow). Scripted
 * scenarios only (runs 0): each plants every guarded field, which is where
 * every mistake shows; the reference's certification explores.
 */
export function describeBrokenTestees(faults: readonly (readonly [fault: string, breaks: string])[], invariants: readonly Invariant[], built: () => BuiltTestee): void {
  beforeAll(() => {
    if (built().engine === "pglite") console.log("PostgreSQL unreachable: each broken testee is checked against its own invariant only (the cross-check needs DATAPACT_PG_URL)");
  });
  describe.each(faults)("the broken testee %s", (fault, breaks) => {
    it("fails exactly its own invariant, naming field, sink and step, and passes the others", async () => {
      const testee = built();
      const checked = testee.engine === "postgres" ? invariants : invariants.filter((i) => i.id === breaks);
      const result = await certifyTestee(testee, { fault, invariants: checked, runs: 0 });
      expect(result.verdicts.map((v) => v.id)).toEqual(checked.map((i) => i.id));
      expectFailsExactly(result, breaks);
    }, 900_000);
  });
}
