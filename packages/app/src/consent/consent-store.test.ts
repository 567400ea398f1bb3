import { createRegistry } from "@bufbuild/protobuf";
import { replayable } from "@datapact/arbitrary";
import { planFor } from "@datapact/policy";
import { band, cloud, pactFiles, Purpose } from "@datapact/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CorruptStateError } from "../errors/corrupt-state-error.js";
import { PolicyDocumentError } from "../errors/policy-document-error.js";
import { UnknownControlError } from "../errors/unknown-control-error.js";
import { MemoryAppStorage } from "../storage/memory-app-storage.js";
import type { ConsentReceipt } from "./consent-receipt.js";
import { CONSENT_STATE_KEY, ConsentStore } from "./consent-store.js";
import type { PolicyDocument } from "./policy-document.js";

const registry = createRegistry(...pactFiles);
const { FUNCTIONALITY, ANALYTICS, PERSONALIZATION } = Purpose;
const GENERAL = cloud.PolicyKind.GENERAL;
const PRODUCT = cloud.PolicyKind.PRODUCT;

// The product and its switches come from the schemas, as an app would read them.
const bandId = planFor(band.DailyActivitySummarySchema).productId;
const notificationFn = planFor(band.NotificationFrameSchema).fn;
const traceSwitch = planFor(band.TracePointSchema).ruleFor(2)!.uploadSwitch;
const exerciseFn = planFor(band.DailyActivitySummarySchema).fn;

const policy = (kind: cloud.PolicyKind, productId: string, version: string, purposes: Purpose[], material = false): PolicyDocument => ({
  kind,
  productId,
  version,
  purposes,
  material,
});
let ids = 0;
const receipt = (kind: cloud.PolicyKind, productId: string, policyVersion: string, purposes: Purpose[]): ConsentReceipt => ({
  receiptId: `r${++ids}`,
  kind,
  productId,
  policyVersion,
  purposes,
  givenAt: new Date("2026-01-01T00:00:00Z"),
  withdrawn: [],
});

async function storeWithGeneral(purposes: Purpose[] = [FUNCTIONALITY, ANALYTICS]) {
  const storage = new MemoryAppStorage();
  const store = await ConsentStore.open(storage, registry);
  await store.adoptPolicy(policy(GENERAL, "", "g1", [FUNCTIONALITY, ANALYTICS, PERSONALIZATION]));
  await store.recordReceipt(receipt(GENERAL, "", "g1", purposes));
  return { storage, store };
}

describe("ConsentStore: receipts and which policy governs", () => {
  it("allows nothing before any consent", async () => {
    const store = await ConsentStore.open(new MemoryAppStorage(), registry);
    expect(store.allowsPurpose(bandId, FUNCTIONALITY)).toBe(false);
    expect(store.governingReceipt(bandId)).toBeUndefined();
  });

  it("lets the general policy's receipt govern a product without a policy of its own", async () => {
    const { store } = await storeWithGeneral([FUNCTIONALITY]);
    expect(store.allowsPurpose(bandId, FUNCTIONALITY)).toBe(true);
    expect(store.allowsPurpose(bandId, ANALYTICS)).toBe(false);
    expect(store.governingReceipt(bandId)?.receipt.kind).toBe(GENERAL);
  });

  it("gives a product's separate policy priority: the general receipt alone no longer covers it", async () => {
    const { store } = await storeWithGeneral();
    await store.adoptPolicy(policy(PRODUCT, bandId, "b1", [FUNCTIONALITY, ANALYTICS]));
    expect(store.allowsPurpose(bandId, FUNCTIONALITY)).toBe(false);
    await store.recordReceipt(receipt(PRODUCT, bandId, "b1", [FUNCTIONALITY]));
    expect(store.allowsPurpose(bandId, FUNCTIONALITY)).toBe(true);
    expect(store.allowsPurpose(bandId, ANALYTICS)).toBe(false);
    const governing = store.governingReceipt(bandId)!;
    expect([governing.receipt.kind, governing.receipt.productId, governing.receipt.policyVersion]).toEqual([PRODUCT, bandId, "b1"]);
  });

  it("keeps the two kinds apart: a product receipt without the general policy's consent covers nothing", async () => {
    const store = await ConsentStore.open(new MemoryAppStorage(), registry);
    await store.adoptPolicy(policy(GENERAL, "", "g1", [FUNCTIONALITY]));
    await store.adoptPolicy(policy(PRODUCT, bandId, "b1", [FUNCTIONALITY]));
    await store.recordReceipt(receipt(PRODUCT, bandId, "b1", [FUNCTIONALITY]));
    expect(store.allowsPurpose(bandId, FUNCTIONALITY)).toBe(false);
    await store.recordReceipt(receipt(GENERAL, "", "g1", [FUNCTIONALITY]));
    expect(store.allowsPurpose(bandId, FUNCTIONALITY)).toBe(true);
  });

  it("refuses receipts for versions never adopted or purposes the document lacks, and writes nothing", async () => {
    const { storage, store } = await storeWithGeneral();
    const before = await storage.get(CONSENT_STATE_KEY);
    await expect(store.recordReceipt(receipt(GENERAL, "", "g9", [FUNCTIONALITY]))).rejects.toMatchObject({ violation: "UNKNOWN_VERSION" });
    await expect(store.recordReceipt(receipt(GENERAL, "", "g1", []))).rejects.toMatchObject({ violation: "NO_PURPOSE" });
    await store.adoptPolicy(policy(PRODUCT, bandId, "b1", [FUNCTIONALITY]));
    const after = await storage.get(CONSENT_STATE_KEY);
    await expect(store.recordReceipt(receipt(PRODUCT, bandId, "b1", [ANALYTICS]))).rejects.toMatchObject({ violation: "PURPOSE_NOT_DECLARED" });
    await expect(store.adoptPolicy(policy(PRODUCT, bandId, "b1", [FUNCTIONALITY, ANALYTICS]))).rejects.toBeInstanceOf(PolicyDocumentError);
    expect(await storage.get(CONSENT_STATE_KEY)).toEqual(after);
    expect(before).not.toEqual(after);
  });
});

describe("ConsentStore: withdrawal", () => {
  it("withdraws one purpose, then the rest, keeping the receipt as history", async () => {
    const { store } = await storeWithGeneral();
    await store.adoptPolicy(policy(PRODUCT, bandId, "b1", [FUNCTIONALITY, ANALYTICS]));
    await store.recordReceipt(receipt(PRODUCT, bandId, "b1", [FUNCTIONALITY, ANALYTICS]));
    await store.withdraw(bandId, [ANALYTICS]);
    expect([store.allowsPurpose(bandId, FUNCTIONALITY), store.allowsPurpose(bandId, ANALYTICS)]).toEqual([true, false]);
    const [changed] = await store.withdraw(bandId);
    expect(changed?.withdrawnAt).toBeInstanceOf(Date);
    expect(store.allowsPurpose(bandId, FUNCTIONALITY)).toBe(false);
    expect(store.receipts().filter((r) => r.productId === bandId)).toHaveLength(1);
  });

  it("withdrawing the general policy withdraws every product with it (000 §05)", async () => {
    const { store } = await storeWithGeneral();
    await store.adoptPolicy(policy(PRODUCT, bandId, "b1", [FUNCTIONALITY]));
    await store.recordReceipt(receipt(PRODUCT, bandId, "b1", [FUNCTIONALITY]));
    const changed = await store.withdraw("");
    expect(changed.map((r) => r.kind).sort()).toEqual([PRODUCT, GENERAL].sort());
    expect(store.receipts().every((r) => r.withdrawnAt !== undefined)).toBe(true);
    await store.recordReceipt(receipt(GENERAL, "", "g1", [FUNCTIONALITY]));
    // The product's consent does not come back with the general one.
    expect(store.allowsPurpose(bandId, FUNCTIONALITY)).toBe(false);
  });

  it("has nothing to withdraw for a product without a separate policy", async () => {
    const { store } = await storeWithGeneral();
    await expect(store.withdraw(bandId)).rejects.toMatchObject({ violation: "UNKNOWN_POLICY" });
  });
});

describe("ConsentStore: policy changes", () => {
  async function bandOn(v1: Purpose[]) {
    const s = await storeWithGeneral();
    await s.store.adoptPolicy(policy(PRODUCT, bandId, "b1", v1));
    await s.store.recordReceipt(receipt(PRODUCT, bandId, "b1", v1));
    return s;
  }

  it("a non-material version that adds a purpose: old purposes continue under the old receipt, the new one waits for consent", async () => {
    const { store } = await bandOn([FUNCTIONALITY]);
    await store.adoptPolicy(policy(PRODUCT, bandId, "b2", [FUNCTIONALITY, ANALYTICS]));
    expect(store.allowsPurpose(bandId, FUNCTIONALITY)).toBe(true);
    expect(store.allowsPurpose(bandId, ANALYTICS)).toBe(false);
    expect(store.pendingPurposes(bandId)).toEqual([ANALYTICS]);
    expect(store.governingReceipt(bandId)?.receipt.policyVersion).toBe("b1");
    await store.recordReceipt(receipt(PRODUCT, bandId, "b2", [FUNCTIONALITY, ANALYTICS]));
    expect(store.allowsPurpose(bandId, ANALYTICS)).toBe(true);
    expect(store.pendingPurposes(bandId)).toEqual([]);
  });

  it("a material version suspends every purpose until the user consents again", async () => {
    const { store } = await bandOn([FUNCTIONALITY]);
    await store.adoptPolicy(policy(PRODUCT, bandId, "b2", [FUNCTIONALITY, ANALYTICS], true));
    expect(store.allowsPurpose(bandId, FUNCTIONALITY)).toBe(false);
    await store.adoptPolicy(policy(PRODUCT, bandId, "b3", [FUNCTIONALITY, ANALYTICS]));
    // A later non-material version does not revive a receipt a material one suspended.
    expect(store.allowsPurpose(bandId, FUNCTIONALITY)).toBe(false);
    await store.recordReceipt(receipt(PRODUCT, bandId, "b3", [FUNCTIONALITY]));
    expect(store.allowsPurpose(bandId, FUNCTIONALITY)).toBe(true);
  });

  it("a version that drops a purpose stops it", async () => {
    const { store } = await bandOn([FUNCTIONALITY, ANALYTICS]);
    await store.adoptPolicy(policy(PRODUCT, bandId, "b2", [FUNCTIONALITY]));
    expect([store.allowsPurpose(bandId, FUNCTIONALITY), store.allowsPurpose(bandId, ANALYTICS)]).toEqual([true, false]);
  });

  it("a material change of the general policy stops every product", async () => {
    const { store } = await bandOn([FUNCTIONALITY]);
    await store.adoptPolicy(policy(GENERAL, "", "g2", [FUNCTIONALITY], true));
    expect(store.allowsPurpose(bandId, FUNCTIONALITY)).toBe(false);
  });
});

describe("ConsentStore: switches from the annotations", () => {
  it("keeps an off-by-default function off until it is turned on", async () => {
    const { store } = await storeWithGeneral();
    expect(store.isFunctionEnabled(bandId, notificationFn)).toBe(false);
    await store.setFunction(bandId, notificationFn, true);
    expect(store.isFunctionEnabled(bandId, notificationFn)).toBe(true);
    await store.setFunction(bandId, notificationFn, false);
    expect(store.isFunctionEnabled(bandId, notificationFn)).toBe(false);
  });

  it("offers exactly the switches the schemas declare", async () => {
    const { store } = await storeWithGeneral();
    const controls = store.controlsOf(bandId)!;
    expect(controls.functions.get(notificationFn)?.offByDefault).toBe(true);
    expect(controls.uploadSwitches.has(traceSwitch)).toBe(true);
    await expect(store.setFunction(bandId, "no_such_function", true)).rejects.toBeInstanceOf(UnknownControlError);
    // A function on by default can be turned off, and on again.
    expect(store.isFunctionDisabled(bandId, exerciseFn)).toBe(false);
    await store.setFunction(bandId, exerciseFn, false);
    expect(store.isFunctionDisabled(bandId, exerciseFn)).toBe(true);
    await store.setFunction(bandId, exerciseFn, true);
    expect(store.isFunctionDisabled(bandId, exerciseFn)).toBe(false);
    await expect(store.setUploadSwitch(bandId, "no_such_switch", false)).rejects.toBeInstanceOf(UnknownControlError);
  });

  it("upload switches default to on", async () => {
    const { store } = await storeWithGeneral();
    expect(store.isUploadEnabled(bandId, traceSwitch)).toBe(true);
    await store.setUploadSwitch(bandId, traceSwitch, false);
    expect(store.isUploadEnabled(bandId, traceSwitch)).toBe(false);
  });
});

describe("ConsentStore: persistence", () => {
  it("reads back every receipt, version and switch after a restart", async () => {
    const { storage, store } = await storeWithGeneral();
    await store.adoptPolicy(policy(PRODUCT, bandId, "b1", [FUNCTIONALITY]));
    await store.recordReceipt(receipt(PRODUCT, bandId, "b1", [FUNCTIONALITY]));
    await store.adoptPolicy(policy(PRODUCT, bandId, "b2", [FUNCTIONALITY, ANALYTICS]));
    await store.setFunction(bandId, notificationFn, true);
    await store.setUploadSwitch(bandId, traceSwitch, false);
    await store.withdraw("", [ANALYTICS]);
    const reopened = await ConsentStore.open(storage, registry);
    expect(reopened.receipts()).toEqual(store.receipts());
    expect(reopened.policyInForce(PRODUCT, bandId)).toEqual(store.policyInForce(PRODUCT, bandId));
    for (const s of [store, reopened]) {
      expect(s.allowsPurpose(bandId, FUNCTIONALITY)).toBe(true);
      expect(s.pendingPurposes(bandId)).toEqual([ANALYTICS]);
      expect(s.isFunctionEnabled(bandId, notificationFn)).toBe(true);
      expect(s.isUploadEnabled(bandId, traceSwitch)).toBe(false);
    }
  });

  it("refuses a corrupt state with a typed error and leaves the bytes alone (fuzz)", async () => {
    const jsonish = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.json().map((j) => new TextEncoder().encode(j)),
      fc
        .record({ format: fc.constantFrom(1, 2), policies: fc.anything(), receipts: fc.anything(), enabledFunctions: fc.anything(), disabledUploads: fc.anything() })
        .map((o) => new TextEncoder().encode(JSON.stringify(o))),
    );
    await fc.assert(
      fc.asyncProperty(jsonish, async (content) => {
        const storage = new MemoryAppStorage();
        await storage.set(CONSENT_STATE_KEY, content);
        try {
          const store = await ConsentStore.open(storage, registry);
          // What opens must answer without throwing.
          store.allowsPurpose(bandId, FUNCTIONALITY);
        } catch (err) {
          expect(err).toBeInstanceOf(CorruptStateError);
        }
        expect(await storage.get(CONSENT_STATE_KEY)).toEqual(content);
      }),
      replayable("consent state decoding", 300),
    );
  });

  it("tells listeners after the change is stored, and only about real changes", async () => {
    const { storage, store } = await storeWithGeneral();
    const seen: string[] = [];
    store.onChange(async (c) => {
      seen.push(c.kind);
      expect(await storage.get(CONSENT_STATE_KEY)).toBeDefined();
    });
    await store.setFunction(bandId, notificationFn, true);
    await store.setFunction(bandId, notificationFn, true);
    await store.withdraw("", [PERSONALIZATION]);
    expect(seen).toEqual(["function"]);
  });
});
