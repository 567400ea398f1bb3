// DP-RESIDENCY (issue 5, part C) against the reference testee, its broken
// testee and the runner's toy. The reference runs one cloud node per
// storage location it serves (Germany, the primary, and Singapore), each on
// a database of its own that it describes, and signs each account up at
// the node of its region's location: the invariant holds, having seen every
// account's data where it belongs. The broken testee stores every account
// at the primary whatever its region and fails exactly this invariant,
// naming field, sink and step. A testee that describes no location
// databases, or whose described databases never show the data, is not
// certified by it.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { PGlite } from "@electric-sql/pglite";
import { residencyRuleOf } from "@datapact/policy";
import { conformance } from "@datapact/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { displayOnlyNeverStored } from "../../src/invariants/display-only-never-stored.js";
import { residency } from "../../src/invariants/residency.js";
import { sharingLimited } from "../../src/invariants/sharing-limited.js";
import { certify } from "../../src/runner/certify.js";
import type { Invariant } from "../../src/runner/invariant.js";
import { spawnTestee } from "../../src/testee/subprocess-testee.js";
import type { Testee } from "../../src/testee/testee.js";
import { gadgetRegistry } from "../support/gadget-schema.js";
import { toyTestee } from "../support/toy-testee.js";
import { expectCertified, expectFailsExactly } from "../invariants/support/broken-testee-check.js";
import { certifyTestee, seed } from "../invariants/support/certify-testee.js";
import { useBuiltReferenceTestee } from "../testees/support/built-testee.js";

const FAULT = "DP-RESIDENCY";

const built = useBuiltReferenceTestee();

function describeRequest(): conformance.HarnessRequest {
  return create(conformance.HarnessRequestSchema, { protocolVersion: conformance.ProtocolVersion.PROTOCOL_VERSION_1, step: { case: "describe", value: create(conformance.DescribeStepSchema) } });
}

describe("the reference testee", () => {
  let testee: Testee;
  beforeAll(() => {
    testee = spawnTestee(built().command(), { env: built().env, stepTimeoutMs: 120_000 });
  });
  afterAll(async () => {
    await testee?.close();
  });

  it("describes a database per storage location, apart from each other, the primary's being the database it describes", async () => {
    const answer = await testee.send(describeRequest());
    const described = answer.result.case === "ok" && answer.result.value.detail.case === "describe" ? answer.result.value.detail.value : undefined;
    expect(described?.locationDatabases.map((l) => l.location)).toEqual(["germany", "singapore"]);
    const [germany, singapore] = described!.locationDatabases;
    expect(germany!.databaseUrl).toBe(described!.databaseUrl);
    expect(`${singapore!.databaseUrl} ${singapore!.schema}`).not.toBe(`${germany!.databaseUrl} ${germany!.schema}`);
    // The kit's default region is stored at the primary, which the kit proxies.
    expect(residencyRuleOf("eu").location).toBe("germany");
  });

  it("holds DP-RESIDENCY, scripted and explored", async () => {
    const runs = built().engine === "postgres" ? 2 : 1;
    const result = await certifyTestee(built(), { invariants: [residency], runs });
    expectCertified(result, [residency]);
    expect(result.verdicts[0]!.scenarios).toBeGreaterThanOrEqual(runs);
  }, 900_000);
});

describe("the broken testee DP-RESIDENCY", () => {
  it("fails exactly its own invariant, naming field, sink and step, and passes the others", async () => {
    const invariants: readonly Invariant[] = [residency, displayOnlyNeverStored, sharingLimited];
    // Scripted scenarios only (runs 0): the first scan of the primary's database shows the mistake.
    const result = await certifyTestee(built(), { fault: FAULT, invariants, runs: 0 });
    expect(result.verdicts.map((v) => v.id)).toEqual(invariants.map((i) => i.id));
    expectFailsExactly(result, FAULT);
    const violations = result.verdicts.find((v) => v.id === FAULT)!.violations;
    // The other person's values and id, stored at the primary (Germany) though their region's data is stored in Singapore.
    const misplaced = violations.filter((v) => /^a value of account a2 \(region other, stored in singapore by the residency table\) stored in the germany database: found in db:/.test(v.message));
    expect(misplaced.length).toBeGreaterThan(0);
    expect(new Set(misplaced.map((v) => v.step?.name))).toEqual(new Set(["emit_device_frame", "app_record"]));
    for (const v of misplaced) expect(v.sink).toMatch(/^db:/);
    expect(violations.some((v) => v.fieldPath === "account_id" && v.step?.name === "create_account" && /^the id of account a2 .* stored in the germany database/.test(v.message))).toBe(true);
    // Nothing of the data subject's, stored where its region's data belongs.
    expect(violations.filter((v) => /account a1/.test(v.message))).toEqual([]);
  }, 900_000);
});

describe("a testee that keeps no locations apart", () => {
  const run = (testee: () => Testee) =>
    certify({ launcher: { description: "toy", start: async () => testee() }, invariants: [residency], seed, runs: 2, files: [...gadgetRegistry.files] });

  it("is not certified: residency cannot be checked without the databases of two locations", async () => {
    const result = await run(() => toyTestee());
    expect(result.verdicts.map((v) => [v.id, v.verdict])).toEqual([[FAULT, "error"]]);
    expect(result.verdicts[0]!.reason).toMatch(/describe.*location_databases|location_databases.*describe/);
    expect(result.outcome).toBe("violations");
  });

  it("is not certified when the databases it describes never show the data: the check must see it somewhere", async () => {
    const dirs = await Promise.all(["germany", "singapore"].map((l) => mkdtemp(join(tmpdir(), `datapact-residency-${l}-`))));
    try {
      for (const dir of dirs) {
        const db = new PGlite(dir);
        await db.query("create table kept (value text)");
        await db.close();
      }
      // The toy keeps its rows in memory: two empty databases described as its locations.
      const describingLocations = (): Testee => {
        const toy = toyTestee();
        return {
          description: toy.description,
          takeLog: () => toy.takeLog(),
          close: () => toy.close(),
          async send(request) {
            const response = await toy.send(request);
            if (request.step.case === "describe" && response.result.case === "ok" && response.result.value.detail.case === "describe") {
              response.result.value.detail.value.locationDatabases = [
                create(conformance.LocationDatabaseSchema, { location: "germany", databaseUrl: dirs[0]! }),
                create(conformance.LocationDatabaseSchema, { location: "singapore", databaseUrl: dirs[1]! }),
              ];
            }
            return response;
          },
        };
      };
      const result = await run(describingLocations);
      const [verdict] = result.verdicts;
      expect(verdict?.verdict).toBe("fail");
      expect(verdict!.violations.map((v) => v.message)).toEqual([
        expect.stringMatching(/^no value of account a1 \(region eu, stored in germany by the residency table\) \(\d+ planted\) was found in the database of any storage location/),
        expect.stringMatching(/^no value of account a2 \(region other, stored in singapore by the residency table\) \(\d+ planted\) was found/),
      ]);
      for (const v of verdict!.violations) expect(v.step?.name).toBe("sync");
    } finally {
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    }
  });
});
