// DP-PAIRWISE-IDENTIFIERS (issue 5, part C) against the reference testee
// and its broken testee. The reference serves each manufacturer's
// integration the records of the users of its products under a pairwise id
// of its own, and the invariant holds; the broken testee (its cloud lists
// users under their account id, the same for every manufacturer) fails
// exactly this invariant, naming the field, the sink and the step, and
// passes the other invariant that reads as someone else (both run in
// seconds, on PostgreSQL and on PGlite alike).
import { create } from "@bufbuild/protobuf";
import { cloud, conformance, pactFiles, Purpose } from "@datapact/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CanaryRegistry } from "../../src/canary/canary-registry.js";
import { pairwiseIdentifiers } from "../../src/invariants/pairwise-identifiers.js";
import { sharingLimited } from "../../src/invariants/sharing-limited.js";
import { messageWithCanaries, mixSeed } from "../../src/invariants/support/canary-messages.js";
import { acceptedValues } from "../../src/invariants/support/data-rights-evidence.js";
import type { Invariant } from "../../src/runner/invariant.js";
import { productCatalog } from "../../src/runner/product-catalog.js";
import { startScenario, type Scenario, type StepOutcome } from "../../src/runner/scenario.js";
import { UserModel } from "../../src/runner/user-model.js";
import { spawnTestee } from "../../src/testee/subprocess-testee.js";
import type { Testee } from "../../src/testee/testee.js";
import { expectCertified, expectFailsExactly } from "../invariants/support/broken-testee-check.js";
import { certifyTestee, seed } from "../invariants/support/certify-testee.js";
import { useBuiltReferenceTestee } from "../testees/support/built-testee.js";

const FAULT = "DP-PAIRWISE-IDENTIFIERS";

const built = useBuiltReferenceTestee();

/** What one manufacturer read came to: the records' subject ids, or the refusal's code. */
function served(outcome: StepOutcome): { ids: string[]; records: number; code?: string } {
  if (outcome.error) return { ids: [], records: 0, code: outcome.error.code };
  expect(outcome.ok?.detail.case).toBe("readAs");
  const records = outcome.ok!.detail.case === "readAs" ? outcome.ok!.detail.value.records : [];
  return { ids: [...new Set(records.map((r) => r.subjectId))], records: records.length };
}

describe("the reference testee's manufacturer reads", () => {
  let testee: Testee;
  beforeAll(() => {
    testee = spawnTestee(built().command(), { env: built().env, stepTimeoutMs: 120_000 });
  });
  afterAll(async () => {
    await testee?.close();
  });

  it("serve both manufacturers records of their products under ids of their own, stable across reads, and nothing once every device is unbound", async () => {
    const describeAnswer = await testee.send(
      create(conformance.HarnessRequestSchema, { protocolVersion: conformance.ProtocolVersion.PROTOCOL_VERSION_1, step: { case: "describe", value: create(conformance.DescribeStepSchema) } }),
    );
    const described = describeAnswer.result.case === "ok" && describeAnswer.result.value.detail.case === "describe" ? describeAnswer.result.value.detail.value : undefined;
    expect(described?.productIds.length).toBeGreaterThan(1);
    const s: Scenario = startScenario({ testee, proxies: [], canaries: new CanaryRegistry(), databaseUrl: undefined });
    expect((await s.step("reset", {})).ok).toBeDefined();
    const account = (await s.step("createAccount", { account: UserModel.owner, region: "eu" })).ok;
    const accountId = account?.detail.case === "createAccount" ? account.detail.value.accountId : "";
    expect(accountId.length).toBeGreaterThanOrEqual(8);
    const devices: string[] = [];
    let n = 0;
    for (const product of [...productCatalog(pactFiles).values()].filter((p) => described!.productIds.includes(p.id))) {
      const device = `d${devices.length + 1}`;
      expect((await s.step("bindDevice", { account: UserModel.owner, device, productId: product.id })).ok, `bind ${product.id}`).toBeDefined();
      devices.push(device);
      if (product.purposes.includes(Purpose.FUNCTIONALITY)) {
        await s.step("giveConsent", { account: UserModel.owner, productId: product.id, policyKind: cloud.PolicyKind.PRODUCT, policyVersion: "1.0", purposes: [Purpose.FUNCTIONALITY] });
      }
      for (const schema of product.deviceMessages) {
        const message = messageWithCanaries(schema, s.canaries, acceptedValues, mixSeed(seed, n++));
        if (message) await s.emit(device, schema, message);
      }
    }
    await s.step("sync", { account: UserModel.owner });

    const idsOf = new Map<string, Set<string>>();
    for (const manufacturer of UserModel.manufacturers) {
      const ids = new Set<string>();
      let records = 0;
      for (const device of devices) {
        for (let read = 0; read < 2; read++) {
          const got = served(await s.step("readAs", { device, reader: { case: "manufacturer", value: manufacturer } }));
          expect(got.code, `${manufacturer} reading ${device}`).toBeUndefined();
          for (const id of got.ids) ids.add(id);
          records += got.records;
        }
      }
      // Every manufacturer makes some of the products and is served their records, under one id of its own.
      expect(records, `records served to ${manufacturer}`).toBeGreaterThan(0);
      expect(ids.size, `ids served to ${manufacturer}`).toBe(1);
      const [id] = [...ids];
      expect(id!.length).toBeGreaterThanOrEqual(16);
      expect(id).not.toContain(accountId);
      idsOf.set(manufacturer, ids);
    }
    const [m1, m2] = UserModel.manufacturers.map((m) => [...idsOf.get(m)!][0]!);
    expect(m1).not.toBe(m2);

    for (const device of devices) expect((await s.step("unbindDevice", { account: UserModel.owner, device })).ok).toBeDefined();
    for (const manufacturer of UserModel.manufacturers) {
      for (const device of devices) {
        const got = served(await s.step("readAs", { device, reader: { case: "manufacturer", value: manufacturer } }));
        // A manufacturer that made the device keeps the id it learned; the platform no longer resolves it.
        expect(got.records, `${manufacturer} reading ${device} after every device was unbound`).toBe(0);
        expect(got.code === undefined || got.code === "not_found").toBe(true);
      }
    }
  }, 600_000);
});

describe("the reference testee", () => {
  it("holds DP-PAIRWISE-IDENTIFIERS, scripted and explored", async () => {
    const runs = built().engine === "postgres" ? 2 : 1;
    const result = await certifyTestee(built(), { invariants: [pairwiseIdentifiers], runs });
    expectCertified(result, [pairwiseIdentifiers]);
    expect(result.verdicts[0]!.scenarios).toBeGreaterThanOrEqual(runs);
  }, 900_000);
});

describe("the broken testee DP-PAIRWISE-IDENTIFIERS", () => {
  it("fails exactly its own invariant, naming field, sink and step, and passes sharing", async () => {
    const invariants: readonly Invariant[] = [pairwiseIdentifiers, sharingLimited];
    // Scripted scenarios only (runs 0): the first manufacturer read already shows the mistake.
    const result = await certifyTestee(built(), { fault: FAULT, invariants, runs: 0 });
    expect(result.verdicts.map((v) => v.id)).toEqual(invariants.map((i) => i.id));
    expectFailsExactly(result, FAULT);
    const violations = result.verdicts.find((v) => v.id === FAULT)!.violations;
    // The account id is what manufacturers were served as the user's id, and two manufacturers were served the same one.
    expect(violations.some((v) => v.fieldPath === "subject_id" && v.sink === "read-as" && /account id served to manufacturer m\d as the user's id/.test(v.message))).toBe(true);
    expect(violations.some((v) => /manufacturers m1 and m2 were served one person under the same id/.test(v.message))).toBe(true);
    for (const v of violations) expect(v.step?.name).toBe("read_as");
  }, 900_000);
});
