import { ScalarType, type Registry } from "@bufbuild/protobuf";
import { Canary } from "../canary/canary.js";
import { findCanaries } from "../canary/find-canaries.js";
import { planFor, type FieldRule, type MessagePlan } from "@datapact/policy";
import { RetentionKind, Tier } from "@datapact/proto";
import type { StepRef } from "../protocol/step-ref.js";
import type { Invariant, ScenarioOutcome } from "../runner/invariant.js";
import type { CatalogProduct } from "../runner/product-catalog.js";
import { UserModel } from "../runner/user-model.js";
import { violationOfHit, type Violation } from "../runner/violation.js";
import { canaryField } from "./support/canary-rule.js";
import { acceptedValues, canaryKey, ingestedRecords } from "./support/data-rights-evidence.js";
import { modelAt } from "./support/scenario-steps.js";
import { messageCarries, productsWith } from "./support/products-with.js";
import { runScripted } from "./support/scripted-check.js";
import { consentTo, enableOffByDefaultFunctions, plantEveryMessage, syncNow } from "./support/user-actions.js";

const DAY = 86_400;
/** How long past a limit the kit looks: one sweep interval (an hour) and an hour more, so a value on time is never flagged. */
const SWEEP_INTERVAL = 3_600;
const CHECK_AFTER_LIMIT = 2 * SWEEP_INTERVAL;

/** Seconds the cloud may keep a value for: the longest period of any of its purposes (Infinity until someone acts, 0 when never stored). */
export function cloudLimitSeconds(rule: FieldRule): number {
  if (!rule.tiers.has(Tier.CLOUD)) return 0;
  let longest = 0;
  for (const p of rule.purposes) {
    const r = rule.retentionFor(Tier.CLOUD, p);
    if (!r) continue;
    switch (r.kind) {
      case RetentionKind.FIXED_PERIOD:
        longest = Math.max(longest, r.days * DAY);
        break;
      case RetentionKind.UNTIL_USER_REQUEST:
      case RetentionKind.UNTIL_UNPAIR:
      case RetentionKind.UNTIL_FACTORY_RESET:
      case RetentionKind.UNTIL_UNINSTALL:
        longest = Infinity;
        break;
      default:
        break;
    }
  }
  return longest;
}

const hasFixedPeriod = (rule: FieldRule) => {
  const limit = cloudLimitSeconds(rule);
  return limit > 0 && Number.isFinite(limit);
};

/** The distinct fixed periods at the cloud of the products' values (nested messages followed), in seconds, shortest first. */
function periodsOf(products: readonly CatalogProduct[]): number[] {
  const out = new Set<number>();
  const seen = new Set<string>();
  const visit = (plan: MessagePlan): void => {
    if (seen.has(plan.schema.typeName)) return;
    seen.add(plan.schema.typeName);
    for (const slot of plan.slots) {
      if (slot.kind === "leaf" && hasFixedPeriod(slot.rule)) out.add(cloudLimitSeconds(slot.rule));
      else if (slot.kind === "nested") visit(slot.plan());
    }
  };
  for (const p of products) for (const m of [...p.deviceMessages, ...p.appMessages]) visit(planFor(m));
  return [...out].sort((a, b) => a - b);
}

/** Whether a hit shows the cloud still keeps the value: its database, its dump, or the user's export (which shows sealed values too). */
function cloudKeeps(sink: string): boolean {
  return sink.startsWith("db:") || sink === "cloud-store" || sink === "export";
}

function judgeWith(registry: Registry) {
  return ({ scenario, hits, observations }: ScenarioOutcome): Violation[] => {
    const violations: Violation[] = [];
    const clockAt = (ref: StepRef | undefined) => modelAt(scenario, ref)?.clockSeconds ?? 0;
    const seconds = clockAt(scenario.steps.at(-1)?.ref);
    const lastSeen = new Map<string, { at: number; hit: (typeof hits)[number] }>();
    const reported = new Set<string>();
    for (const h of hits) {
      if (!cloudKeeps(h.sink)) continue;
      const field = canaryField(registry, h.canary);
      if (!field) continue;
      const planted = clockAt(h.canary.step);
      const observed = clockAt(h.observedAt);
      const age = observed - planted;
      const limit = cloudLimitSeconds(field.rule);
      const key = canaryKey(h.canary);
      const prev = lastSeen.get(key);
      if (!prev || prev.at < observed) lastSeen.set(key, { at: observed, hit: h });
      if (age > limit + SWEEP_INTERVAL && !reported.has(key)) {
        reported.add(key);
        const what = limit === 0 ? "value the pact does not keep at the cloud stored" : `value kept ${Math.floor(age / 3600)} h, past its ${limit / DAY}-day limit and one sweep interval`;
        violations.push({ ...violationOfHit(h, what), step: h.observedAt ?? h.canary.step });
      }
    }
    // Sealed values are invisible to the scan and an export may hide what expired: the record's own id,
    // stored in the clear, shows whether the row is still there.
    const storage = observations.filter((o) => o.sink.startsWith("db:") || o.sink === "cloud-store");
    for (const record of ingestedRecords(observations, scenario.planted)) {
      const limits = record.hits.map((h) => ({ h, limit: (() => { const f = canaryField(registry, h.canary); return f ? cloudLimitSeconds(f.rule) : Infinity; })() }));
      if (limits.length === 0) continue;
      const limit = Math.max(...limits.map((l) => l.limit));
      if (!Number.isFinite(limit)) continue;
      const marker = Canary.of("record id", ScalarType.STRING, record.recordId, { step: record.step });
      const first = limits.find((l) => l.limit === limit)!.h;
      for (const found of findCanaries(storage, [marker])) {
        const age = clockAt(found.observedAt) - clockAt(record.step);
        if (age <= limit + SWEEP_INTERVAL) continue;
        const key = `record\u0000${record.recordId}`;
        if (reported.has(key)) continue;
        reported.add(key);
        violations.push({
          fieldPath: first.canary.fieldPath,
          messageType: first.canary.messageType,
          sink: found.sink,
          step: found.observedAt,
          message: `record holding values with a ${limit / DAY}-day limit (planted at step #${first.canary.step?.number ?? "?"}) kept ${Math.floor(age / 3600)} h, past its limit and one sweep interval: its row is still in ${found.sink} ${found.detail ?? ""}`,
        });
      }
    }
    // "Until the user asks": a value the cloud showed once is still there at the end.
    const end = seconds;
    for (const [key, seen] of lastSeen) {
      const field = canaryField(registry, seen.hit.canary);
      if (!field || cloudLimitSeconds(field.rule) !== Infinity || seen.at >= end || reported.has(key)) continue;
      violations.push({ ...violationOfHit(seen.hit, "removed"), step: seen.hit.observedAt, message: `value kept until the user asks was removed without a request: last seen in ${seen.hit.sink} after ${Math.floor(seen.at / 3600)} h, gone by ${Math.floor(end / 3600)} h` });
    }
    return violations;
  };
}

/**
 * DP-RETENTION-LIMITS-HOLD. Every value the cloud keeps is kept no longer
 * than the pact's retention for it, read from the annotations through the
 * policy (camera event clips 7 days, analytics 90, advertising and
 * personalization 180), give or take one sweep interval; values kept "until
 * the user asks" stay however much time passes; values the pact does not
 * keep at the cloud are never there. The kit plants values, moves the
 * testee's clock past each period, runs its sweeper, and looks at the
 * database, the cloud's stores and the user's export (which shows
 * field-encrypted values the database scan cannot read).
 * Seed: 000 appendices 1-8 (retention column), 000 §3.5 (event clips 7 days),
 * 000 §05 (analytics 90 days, advertising 180 days); M091-M098.
 */
export const retentionLimitsHold: Invariant = {
  id: "DP-RETENTION-LIMITS-HOLD",
  title: "Retention limits hold: nothing outlives its period by more than one sweep",
  statement:
    "No value outlives the retention the pact gives it at the cloud by more than one sweep interval: after the testee's clock passes a value's period (camera event clips 7 days, analytics 90, advertising and personalization 180) and its sweeper runs, the value is in no table, no cloud store and no export; a value kept until the user asks is still there however much time passes; and a value the pact does not keep at the cloud is never there.",
  source: "000 appendices 1-8 (retention); 000 §3.5 (event clips: 7 days); 000 §05 (analytics 90 days, advertising 180 days); M091-M098",
  products: productsWith(hasFixedPeriod),
  needs: ["advanceClock", "runSweeper"],
  check: (ctx) => {
    const judge = judgeWith(ctx.registry);
    const messages = (schema: Parameters<typeof messageCarries>[0]) => messageCarries(schema, hasFixedPeriod);
    const periods = periodsOf(ctx.products);
    return runScripted(ctx, {
      async script(s, model) {
        await consentTo(s, model, ctx.products);
        await enableOffByDefaultFunctions(s, model, ctx.products);
        const joined = await s.step("analyticsOptIn", { account: UserModel.owner, productId: "" }, model.snapshot());
        if (joined.ok) model.setAnalytics("", true);
        await plantEveryMessage(s, model, ctx.products, { guard: acceptedValues, messages, seed: ctx.seed });
        await syncNow(s, model);
        await s.step("export", { account: UserModel.owner, productId: "" }, model.snapshot());
        await s.observe();
        let now = 0;
        for (const period of periods) {
          const target = period + CHECK_AFTER_LIMIT;
          const advanced = await s.step("advanceClock", { seconds: BigInt(target - now) }, model.snapshot());
          if (!advanced.ok) return;
          model.clockSeconds += target - now;
          now = target;
          await s.step("runSweeper", {}, model.snapshot());
          // Storage first: reading an export may itself drop what expired, which would hide a late sweep.
          await s.observe();
          await s.step("export", { account: UserModel.owner, productId: "" }, model.snapshot());
        }
      },
      judge,
    });
  },
};
