// Random sequences of what a user does (consent, withdraw, policy updates,
// UXIP in and out, function and upload switches, records, network loss,
// restarts), checked after every step against an independent model of the
// consent rules and against what crossed the wire and what is on disk.
import { equals, fromBinary, ScalarType, type DescMessage, type Message } from "@bufbuild/protobuf";
import { messageArbitrary, replayable } from "@datapact/arbitrary";
import {
  consentSnapshot,
  forAccountChannel,
  forHop,
  forStorage,
  forUnlinkedChannel,
  identifiability,
  partitionAtRest,
  planFor,
  setLeaves,
  type ConsentState,
} from "@datapact/policy";
import { band, cloud, Flow, Hop, IdentificationQualifier, Purpose, Tier, wear } from "@datapact/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCOUNT_OUTBOX_PREFIX, ANALYTICS_OUTBOX_PREFIX, CloudCallError, INSTALL_TOKEN_HEADER } from "../src/index.js";
import { canary, directoryBytes, holds } from "./support/canary.js";
import { GENERAL_V1, openTestApp, productPolicy, USER_TOKEN, type TestApp } from "./support/test-app.js";

const { FUNCTIONALITY, ANALYTICS, PERSONALIZATION } = Purpose;
const PURPOSES = [FUNCTIONALITY, ANALYTICS, PERSONALIZATION];
const bandId = planFor(band.DailyActivitySummarySchema).productId;
const wearId = planFor(wear.ProductInteractionEventSchema).productId;
const PRODUCTS = [bandId, wearId];
const DISPLAY_CANARY = canary("display-only");

/** Record types the app emits; none holds a third-party-direct field (those throw, tested elsewhere). */
const SCHEMAS: DescMessage[] = [
  band.DailyActivitySummarySchema,
  band.NotificationFrameSchema,
  band.MusicInfoFrameSchema,
  band.FeedbackRecordSchema,
  band.TracePointSchema,
  band.WorkoutRecordSchema,
  band.BloodOxygenSampleSchema,
  band.AccountProfileRecordSchema,
  band.ProductInteractionRecordSchema,
  wear.ProductInteractionEventSchema,
  wear.DiagnosticsReportSchema,
];
/** What an app hands the analytics client: interaction and diagnostics records, and some that carry identifiers. */
const ANALYTICS_SCHEMAS: DescMessage[] = [
  band.ProductInteractionRecordSchema,
  wear.ProductInteractionEventSchema,
  wear.DiagnosticsReportSchema,
  band.FeedbackRecordSchema,
  band.AccountProfileRecordSchema,
];
for (const s of SCHEMAS) {
  const leaves = (p = planFor(s), seen = new Set<DescMessage>()): boolean =>
    !seen.has(p.schema) && (seen.add(p.schema), p.slots.every((x) => (x.kind === "leaf" ? !x.rule.thirdPartyDirect : x.kind === "nested" ? leaves(x.plan(), seen) : true)));
  if (!leaves()) throw new Error(`${s.typeName} holds a third-party-direct field`);
}

// Display-only strings carry the canary, so any copy of one on the wire or on disk is found.
const messageOf = (schema: DescMessage) =>
  messageArbitrary(schema, {
    maxDepth: 2,
    maxLength: 2,
    valueFor: (field) => {
      const rule = planFor(field.parent).ruleFor(field.number);
      const isString = field.fieldKind === "scalar" || field.fieldKind === "list" ? field.scalar === ScalarType.STRING : false;
      return rule?.flow === Flow.DISPLAY_ONLY && isString ? fc.constant(DISPLAY_CANARY) : undefined;
    },
  }).map((message) => ({ schema, message: message as Message }));

type Scope = "general" | typeof bandId | typeof wearId;
const scopeArb = fc.constantFrom<Scope>("general", bandId, wearId);
const purposesArb = fc.subarray(PURPOSES, { minLength: 1 });

type Action =
  | { kind: "consent"; scope: Scope; pick: Purpose[] }
  | { kind: "withdraw"; scope: Scope; purposes: Purpose[] }
  | { kind: "new-version"; scope: Scope; purposes: Purpose[]; material: boolean }
  | { kind: "opt-in" }
  | { kind: "opt-out" }
  | { kind: "function"; product: string; index: number; enabled: boolean }
  | { kind: "upload-switch"; product: string; index: number; enabled: boolean }
  | { kind: "send"; schema: DescMessage; message: Message }
  | { kind: "analytics"; schema: DescMessage; message: Message }
  | { kind: "network"; online: boolean }
  | { kind: "flush" }
  | { kind: "restart" };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("consent" as const), scope: scopeArb, pick: purposesArb }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("withdraw" as const), scope: scopeArb, purposes: fc.subarray(PURPOSES) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("new-version" as const), scope: scopeArb, purposes: purposesArb, material: fc.boolean() }), weight: 1 },
  { arbitrary: fc.constant({ kind: "opt-in" as const }), weight: 2 },
  { arbitrary: fc.constant({ kind: "opt-out" as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("function" as const), product: fc.constantFrom(...PRODUCTS), index: fc.nat(), enabled: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("upload-switch" as const), product: fc.constantFrom(...PRODUCTS), index: fc.nat(), enabled: fc.boolean() }), weight: 1 },
  { arbitrary: fc.oneof(...SCHEMAS.map(messageOf)).map((m) => ({ kind: "send" as const, ...m })), weight: 8 },
  { arbitrary: fc.oneof(...ANALYTICS_SCHEMAS.map(messageOf)).map((m) => ({ kind: "analytics" as const, ...m })), weight: 5 },
  { arbitrary: fc.boolean().map((online) => ({ kind: "network" as const, online })), weight: 3 },
  { arbitrary: fc.constant({ kind: "flush" as const }), weight: 3 },
  { arbitrary: fc.constant({ kind: "restart" as const }), weight: 1 },
);

/** Most runs start from a user who has consented somewhat, so that records flow and withdrawals bite. */
const preludeArb: fc.Arbitrary<Action[]> = fc
  .tuple(
    fc.constantFrom<Scope[]>([], ["general"], ["general", bandId], ["general", bandId, wearId], ["general", bandId, wearId]),
    fc.array(fc.constantFrom([ANALYTICS], [ANALYTICS, PERSONALIZATION], [ANALYTICS], [PERSONALIZATION], []), { minLength: 3, maxLength: 3 }),
    fc.constantFrom(true, true, false),
  )
  .map(([scopes, extras, optIn]) => [
    ...scopes.map((scope, i): Action => ({ kind: "consent", scope, pick: [FUNCTIONALITY, ...extras[i]!] })),
    ...(optIn ? [{ kind: "opt-in" } as const] : []),
  ]);

/** An independent model of the consent rules the SDK must keep (README "Consent and policy changes"). */
class Model {
  versions = new Map<Scope, { version: string; purposes: Purpose[]; material: boolean }[]>([
    ["general", [{ version: GENERAL_V1.version, purposes: [...GENERAL_V1.purposes], material: false }]],
    [bandId, [{ version: "band-1", purposes: [FUNCTIONALITY, ANALYTICS], material: false }]],
    [wearId, [{ version: "wear-1", purposes: [FUNCTIONALITY, ANALYTICS], material: false }]],
  ]);
  receipts = new Map<Scope, { version: string; purposes: Set<Purpose> }>();
  functions = new Map<string, Set<string>>(PRODUCTS.map((p) => [p, new Set()]));
  uploadsOff = new Map<string, Set<string>>(PRODUCTS.map((p) => [p, new Set()]));
  optedIn = false;
  online = true;

  inForce(scope: Scope): Set<Purpose> {
    const r = this.receipts.get(scope);
    const versions = this.versions.get(scope)!;
    if (!r) return new Set();
    const at = versions.findIndex((v) => v.version === r.version);
    if (versions.slice(at + 1).some((v) => v.material)) return new Set();
    return new Set([...r.purposes].filter((p) => versions.at(-1)!.purposes.includes(p)));
  }
  allows(product: string, purpose: Purpose): boolean {
    return this.inForce("general").size > 0 && this.inForce(product as Scope).has(purpose);
  }
  snapshot(): ConsentState {
    return consentSnapshot(
      Object.fromEntries(
        PRODUCTS.map((p) => [p, { purposes: PURPOSES.filter((x) => this.allows(p, x)), enabledFunctions: [...this.functions.get(p)!], disabledUploads: [...this.uploadsOff.get(p)!] }]),
      ),
    );
  }
  analyticsSnapshot(): ConsentState {
    return consentSnapshot(
      Object.fromEntries(
        PRODUCTS.map((p) => [
          p,
          { purposes: this.optedIn && this.allows(p, ANALYTICS) ? [ANALYTICS] : [], enabledFunctions: [...this.functions.get(p)!], disabledUploads: [...this.uploadsOff.get(p)!] },
        ]),
      ),
    );
  }
  withdraw(scope: Scope, purposes: Purpose[]): void {
    const r = this.receipts.get(scope);
    if (!r || r.purposes.size === 0) return;
    for (const p of purposes.length > 0 ? purposes : [...r.purposes]) r.purposes.delete(p);
    if (scope === "general" && r.purposes.size === 0) {
      for (const p of PRODUCTS) this.receipts.get(p as Scope)?.purposes.clear();
      this.optedIn = false;
    }
  }
}

const kindOf = (scope: Scope) => (scope === "general" ? cloud.PolicyKind.GENERAL : cloud.PolicyKind.PRODUCT);
const productOf = (scope: Scope) => (scope === "general" ? "" : scope);

async function perform(app: TestApp, model: Model, action: Action, versionCounter: { n: number }): Promise<void> {
  const sdk = app.sdk;
  switch (action.kind) {
    case "consent": {
      const current = model.versions.get(action.scope)!.at(-1)!;
      const pick = action.pick.filter((p) => current.purposes.includes(p));
      if (pick.length === 0) return;
      const given = sdk.consentCloud.giveConsent(kindOf(action.scope), productOf(action.scope), pick);
      if (!model.online) {
        await expect(given).rejects.toBeInstanceOf(CloudCallError);
        return;
      }
      await given;
      model.receipts.set(action.scope, { version: current.version, purposes: new Set(pick) });
      return;
    }
    case "withdraw":
      await sdk.consentCloud.withdrawConsent(productOf(action.scope), action.purposes);
      model.withdraw(action.scope, action.purposes);
      return;
    case "new-version": {
      const version = `${action.scope}-v${++versionCounter.n}`;
      await sdk.consent.adoptPolicy({ kind: kindOf(action.scope), productId: productOf(action.scope), version, purposes: action.purposes, material: action.material });
      model.versions.get(action.scope)!.push({ version, purposes: action.purposes, material: action.material });
      return;
    }
    case "opt-in":
      await sdk.uxip.optIn();
      model.optedIn = true;
      return;
    case "opt-out":
      await sdk.uxip.optOut();
      model.optedIn = false;
      expect(await sdk.analytics.pending()).toBe(0);
      return;
    case "function": {
      const fns = [...sdk.consent.controlsOf(action.product)!.functions].filter(([, f]) => f.offByDefault).map(([n]) => n);
      const fn = fns[action.index % fns.length]!;
      await sdk.consentCloud.setFunction(action.product, fn, action.enabled);
      if (action.enabled) model.functions.get(action.product)!.add(fn);
      else model.functions.get(action.product)!.delete(fn);
      return;
    }
    case "upload-switch": {
      const switches = [...sdk.consent.controlsOf(action.product)!.uploadSwitches];
      if (switches.length === 0) return;
      const name = switches[action.index % switches.length]!;
      await sdk.consentCloud.setUploadSwitch(action.product, name, action.enabled);
      if (action.enabled) model.uploadsOff.get(action.product)!.delete(name);
      else model.uploadsOff.get(action.product)!.add(name);
      return;
    }
    case "send": {
      const out = await sdk.sync.send(action.schema, action.message as never);
      expect(["sent", "queued", "nothing-to-send", "not-queued"]).toContain(out.status);
      return;
    }
    case "analytics": {
      const out = await sdk.analytics.record(action.schema, action.message as never);
      if (!model.optedIn) expect(out.status).toBe("not-collected");
      return;
    }
    case "network":
      app.proxy.online = action.online;
      model.online = action.online;
      return;
    case "flush":
      await sdk.sync.flush();
      await sdk.analytics.flush();
      return;
    case "restart": {
      const before = [await sdk.sync.pending(), await sdk.analytics.pending()];
      await app.restart();
      expect([await app.sdk.sync.pending(), await app.sdk.analytics.pending()]).toEqual(before);
      return;
    }
  }
}

async function checkInvariants(app: TestApp, model: Model, seenRecords: number, pastTokens: Set<string>): Promise<void> {
  const sdk = app.sdk;
  // The store answers as the model does.
  for (const product of PRODUCTS) for (const p of PURPOSES) expect(sdk.consent.allowsPurpose(product, p), `${product}/${Purpose[p]}`).toBe(model.allows(product, p));
  expect(sdk.uxip.optedIn).toBe(model.optedIn);

  // What reached the cloud during this step was within the consent of this step, on the right door.
  const consent = model.snapshot();
  const analyticsConsent = model.analyticsSnapshot();
  for (const got of app.cloud.records.slice(seenRecords)) {
    const schema = got.validated.schema;
    const message = got.validated.message;
    const productId = planFor(schema).productId;
    if (got.door === "account") {
      expect(got.headers.authorization).toBe(`Bearer ${USER_TOKEN}`);
      expect(got.headers[INSTALL_TOKEN_HEADER]).toBeUndefined();
      expect(forHop(schema, message as never, Hop.APP_CLOUD, consent)).toBe(message);
      for (const rule of setLeaves(planFor(schema), message))
        expect(rule.purposes.some((p) => model.allows(productId, p) && rule.qualifierFor(p) === IdentificationQualifier.IDENTIFIED)).toBe(true);
      for (const p of got.record.statement!.purposes) expect(model.allows(productId, p)).toBe(true);
    } else {
      expect(model.optedIn).toBe(true);
      expect(got.headers.authorization).toBeUndefined();
      expect(got.headers[INSTALL_TOKEN_HEADER]).toBe(sdk.uxip.installToken);
      expect(got.record.deviceId).toBe("");
      expect(got.record.statement!.purposes).toEqual([ANALYTICS]);
      expect(forHop(schema, message as never, Hop.APP_CLOUD, analyticsConsent)).toBe(message);
      for (const rule of setLeaves(planFor(schema), message))
        expect(identifiability(rule.qualifierFor(ANALYTICS))).toBeLessThanOrEqual(identifiability(IdentificationQualifier.PSEUDONYMIZED));
    }
  }
  expect(app.events.filter((e) => e.kind === "rejected")).toEqual([]);

  // Nothing display-only crossed or was written; no forgotten token and no user token is on disk.
  const disk = await directoryBytes(app.dir);
  expect(holds(app.proxy.sent(), DISPLAY_CANARY)).toBe(false);
  expect(holds(disk, DISPLAY_CANARY)).toBe(false);
  expect(holds(disk, USER_TOKEN)).toBe(false);
  // A left enrolment's token stays only until the cloud has erased what it collected (then it is gone).
  for (const token of pastTokens) if (token !== sdk.uxip.installToken && !sdk.uxip.erasurePending.includes(token)) expect(holds(disk, token)).toBe(false);

  // Each queue holds exactly what the policy lets it keep now.
  if (!model.optedIn) expect(await app.storage.keys(ANALYTICS_OUTBOX_PREFIX)).toEqual([]);
  const queues: [string, (s: DescMessage, m: Message) => Message, ConsentState][] = [
    [ACCOUNT_OUTBOX_PREFIX, (s, m) => forAccountChannel(s, m as never, Hop.APP_CLOUD, consent), consent],
    [ANALYTICS_OUTBOX_PREFIX, (s, m) => forUnlinkedChannel(s, m as never, Hop.APP_CLOUD, ANALYTICS, analyticsConsent), analyticsConsent],
  ];
  for (const [prefix, project, c] of queues) {
    for (const key of await app.storage.keys(prefix)) {
      const record = fromBinary(cloud.RecordSchema, (await app.storage.get(key))!);
      const schema = SCHEMAS.find((s) => s.typeName === record.statement?.messageType)!;
      const queued = fromBinary(schema, record.payload);
      const allowed = partitionAtRest(schema, forStorage(schema, project(schema, queued) as never, Tier.APP, { consent: c }), Tier.APP).plain;
      expect(equals(schema, allowed, queued)).toBe(true);
      expect(setLeaves(planFor(schema), queued).next().done).toBe(false);
    }
  }
}

describe("app SDK under random user actions", () => {
  it("keeps consent, display-only, UXIP unlinking, and its queues right after every step", async () => {
    await fc.assert(
      fc.asyncProperty(preludeArb, fc.array(actionArb, { minLength: 4, maxLength: 24, size: "medium" }), async (prelude, rest) => {
        const actions = [...prelude, ...rest];
        const app = await openTestApp({
          backgroundFlush: false,
          policies: [productPolicy(bandId, "band-1", [FUNCTIONALITY, ANALYTICS]), productPolicy(wearId, "wear-1", [FUNCTIONALITY, ANALYTICS])],
        });
        const model = new Model();
        const counter = { n: 0 };
        const pastTokens = new Set<string>();
        try {
          for (const action of actions) {
            const seen = app.cloud.records.length;
            await perform(app, model, action, counter);
            if (app.sdk.uxip.installToken) pastTokens.add(app.sdk.uxip.installToken);
            // Leaving the plan asks the cloud for an erasure in the background; check the state it settles in.
            await app.sdk.installErasure.idle();
            await checkInvariants(app, model, seen, pastTokens);
          }
        } finally {
          await app.close();
        }
      }),
      replayable("app SDK user actions", 50),
    );
  }, 240_000);
});
