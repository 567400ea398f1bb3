// What reaches the database through the real server: fields the pact
// encrypts at rest never appear readable in any table; display-only,
// device-only, app-only, not-stored, unconsented and switched-off values
// never appear at all. Checked on fixed canary records and, as a property,
// on random records of every product type under random consent.
import { isFieldSet, ScalarType, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import { messageArbitrary, replayable } from "@datapact/arbitrary";
import { planFor, statementFor, type FieldRule, type MessagePlan } from "@datapact/policy";
import { cloud, createRegistryFromPact, Flow, Hop, MessageRole, Purpose, Tier } from "./pact-types.js";
import fc from "fast-check";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ENGINES } from "../storage/engines.js";
import { CANARY_TYPES, canaryRecord } from "../storage/canary-records.js";
import { ALL_PURPOSES, recordOf, useCloud, type TestAccount } from "../server/cloud-fixture.js";
import { findInTables, findInText } from "./raw-scan.js";

/** Every value of a string or bytes leaf set in a message, with the rule and plan that govern it. */
function stringLeaves(plan: MessagePlan, message: Message): { rule: FieldRule; plan: MessagePlan; value: string }[] {
  const out: { rule: FieldRule; plan: MessagePlan; value: string }[] = [];
  const msg = message as Message & Record<string, unknown>;
  for (const slot of plan.slots) {
    if (slot.kind === "free" || !isFieldSet(msg, slot.field)) continue;
    const raw = slot.field.oneof ? (msg[slot.field.oneof.localName] as { value: unknown }).value : msg[slot.field.localName];
    if (slot.kind === "nested") {
      const items = slot.field.fieldKind === "list" ? (raw as Message[]) : slot.field.fieldKind === "map" ? Object.values(raw as Record<string, Message>) : [raw as Message];
      for (const item of items) out.push(...stringLeaves(slot.plan(), item));
      continue;
    }
    if (!isText(slot.field)) continue;
    const values = slot.field.fieldKind === "list" ? (raw as unknown[]) : slot.field.fieldKind === "map" ? Object.values(raw as Record<string, unknown>) : [raw];
    for (const v of values) out.push({ rule: slot.rule, plan, value: typeof v === "string" ? v : Buffer.from(v as Uint8Array).toString("utf8") });
  }
  return out;
}

function isText(field: DescField): boolean {
  const scalar = field.fieldKind === "scalar" ? field.scalar : field.fieldKind === "list" && field.listKind === "scalar" ? field.scalar : field.fieldKind === "map" && field.mapKind === "scalar" ? field.scalar : undefined;
  return scalar === ScalarType.STRING || scalar === ScalarType.BYTES;
}

interface Consent {
  purposes: Purpose[];
  functionsOn: Set<string>;
}

/** Whether the pact lets this value sit readable in the cloud's tables, given what the user consented to. */
function mayBeStoredReadable(rule: FieldRule, plan: MessagePlan, consent: Consent): boolean {
  if (!rule.policy || !rule.hops.has(Hop.APP_CLOUD) || !rule.tiers.has(Tier.CLOUD) || rule.encryptedAt.has(Tier.CLOUD)) return false;
  if (plan.offByDefault && !consent.functionsOn.has(`${plan.productId}/${plan.fn}`)) return false;
  return rule.purposes.some((p) => consent.purposes.includes(p));
}

/** Data-carrying product types with no third-party-direct leaf (those are refused whole). */
function productTypes(): DescMessage[] {
  const out: DescMessage[] = [];
  for (const schema of createRegistryFromPact()) {
    if (schema.kind !== "message") continue;
    const plan = planFor(schema);
    if (plan.role !== MessageRole.DATA || plan.productId === "" || plan.productId === "platform") continue;
    if (schema.typeName === cloud.SceneSchema.typeName) continue;
    if (plan.slots.some((s) => s.kind === "leaf" && s.rule.flow === Flow.THIRD_PARTY_DIRECT)) continue;
    out.push(schema);
  }
  return out;
}

describe.each(ENGINES)("at rest on %s", { timeout: 240_000 }, (engine) => {
  const cloudOf = useCloud(engine, "atrest");

  it("never holds a field-encrypted value readable in any table, while Pull gives it back", async (ctx) => {
    const f = cloudOf(ctx);
    const account = await f.createAccount();
    const receipt = await f.consentToGeneral(account);
    const sealed: string[] = [];
    const plain: string[] = [];
    const records: cloud.Record[] = [];
    for (const [i, schema] of CANARY_TYPES.entries()) {
      const plan = planFor(schema);
      if (plan.fn) await f.enableFunction(account, plan.productId, plan.fn).catch(() => {});
      const c = canaryRecord(schema, `canary-${i}`);
      sealed.push(...c.sealedCanaries);
      plain.push(...c.plainMarkers);
      records.push(recordOf(schema, c.stored as never, receipt, { recordId: `canary-${i}` }));
    }
    await f.client(cloud.SyncService, account.token).ingest({ records });
    expect(sealed.length).toBeGreaterThan(5);
    expect(await findInTables(f.db, sealed)).toEqual([]);
    expect((await findInTables(f.db, plain)).length).toBeGreaterThan(0);
    const pulled = await f.client(cloud.SyncService, account.token).pull({ pageSize: 1000 });
    const back = Buffer.concat(pulled.records.map((r) => Buffer.from(r.payload)));
    expect(sealed.filter((s) => back.includes(Buffer.from(s))).length).toBeGreaterThan(0);
    expect(findInText(f.logger.text(), [...sealed, ...plain])).toEqual([]);
  });

  it("property: under any consent, only values the pact lets the cloud keep readable are readable in its tables", async (ctx) => {
    const f = cloudOf(ctx);
    const types = productTypes();
    expect(types.length).toBeGreaterThan(40);
    const accounts = new Map<string, { account: TestAccount; receipt: string }>();
    let readableSeen = 0;
    const canary = fc.constant(null).map(() => `CANARY-${randomBytes(9).toString("hex")}`);
    const canaryFor = (field: DescField) => (!isText(field) ? undefined : field.scalar === ScalarType.BYTES ? canary.map((c) => new Uint8Array(Buffer.from(c))) : canary);
    const consentArb = fc.record({
      purposes: fc.subarray(ALL_PURPOSES, { minLength: 1 }),
      functionsOn: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...types).chain((schema) =>
          fc.tuple(fc.constant(schema), messageArbitrary(schema, { maxDepth: 3, maxLength: 2, valueFor: (field) => canaryFor(field) }), consentArb),
        ),
        async ([schema, message, choice]) => {
          const plan = planFor(schema);
          const key = `${choice.purposes.join(",")}|${choice.functionsOn}`;
          let who = accounts.get(key);
          if (!who) {
            const account = await f.createAccount();
            const receipt = await f.consentToGeneral(account, choice.purposes);
            who = { account, receipt };
            accounts.set(key, who);
          }
          const consent: Consent = { purposes: choice.purposes, functionsOn: new Set() };
          if (choice.functionsOn) {
            for (const p of [plan, ...plan.slots.flatMap((s) => (s.kind === "nested" ? [s.plan()] : []))])
              if (p.fn && p.offByDefault) {
                await f.enableFunction(who.account, p.productId, p.fn);
                consent.functionsOn.add(`${p.productId}/${p.fn}`);
              }
          }
          const state = {
            allowsPurpose: (_p: string, purpose: Purpose) => choice.purposes.includes(purpose),
            isFunctionEnabled: (product: string, fn: string) => consent.functionsOn.has(`${product}/${fn}`),
            isUploadEnabled: () => true,
          };
          const statement = statementFor(schema, message, { consent: state, policyVersion: "dev-1", consentReceiptId: who.receipt });
          const record = recordOf(schema, message, who.receipt, { statement });
          await f.client(cloud.SyncService, who.account.token).ingest({ records: [record] }).catch(() => undefined);
          const leaves = stringLeaves(plan, message).filter((l) => l.value.startsWith("CANARY-"));
          const forbidden = leaves.filter((l) => !mayBeStoredReadable(l.rule, l.plan, consent)).map((l) => l.value);
          const allowed = leaves.filter((l) => mayBeStoredReadable(l.rule, l.plan, consent)).map((l) => l.value);
          expect(await findInTables(f.db, forbidden)).toEqual([]);
          readableSeen += (await findInTables(f.db, allowed)).length;
        },
      ),
      replayable("cloud tables hold only what the pact lets them", 40),
    );
    expect(readableSeen).toBeGreaterThan(0);
    expect(findInText(f.logger.text(), ["CANARY-"])).toEqual([]);
  });
});

