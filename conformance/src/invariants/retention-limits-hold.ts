import { ScalarType, type Registry } from "@bufbuild/protobuf";
import { fieldExpiry, planFor, type FieldRule, type MessagePlan } from "@datapact/policy";
import { Tier, type Purpose } from "@datapact/proto";
import { Canary } from "../canary/canary.js";
import { findCanaries, type CanaryHit } from "../canary/find-canaries.js";
import type { Observation } from "../observe/observation.js";
import { protoStepName } from "../protocol/step-names.js";
import type { StepRef } from "../protocol/step-ref.js";
import type { Invariant, ScenarioOutcome } from "../runner/invariant.js";
import type { CatalogProduct } from "../runner/product-catalog.js";
import type { Scenario } from "../runner/scenario.js";
import { UserModel } from "../runner/user-model.js";
import { violationOfHit, type Violation } from "../runner/violation.js";
import { canaryField } from "./support/canary-rule.js";
import { acceptedValues, canaryKey, ingestedRecords } from "./support/data-rights-evidence.js";
import { modelAt } from "./support/scenario-steps.js";
import { messageCarries, productsWith } from "./support/products-with.js";
import { runScripted } from "./support/scripted-check.js";
import { consentTo, enableOffByDefaultFunctions, joinImprovementPlan, plantEveryMessage, syncNow } from "./support/user-actions.js";

const DAY = 86_400;
/**
 * One sweep interval, in seconds: how long past its limit a deployment's
 * sweeper, run at that interval, may leave a value. The kit runs the
 * sweeper itself one interval after a limit and one before it.
 */
export const SWEEP_INTERVAL_SECONDS = 3_600;
/** fieldExpiry gives instants; collected at the epoch, an instant is the limit itself. */
const EPOCH = new Date(0);

/**
 * Seconds after collection the cloud may keep a value of the field `rule`
 * governs, as the policy's fieldExpiry reads the annotations: the longest
 * of the purposes it is kept for (`purposes`, the user's consent; default
 * every purpose of the field), Infinity when one of them keeps it until an
 * event (the user's request, an unpair), 0 when it may not be stored at the
 * cloud at all. The same choice of purposes as recordExpiry and
 * retainedPart: a field serving none of them is judged without a purpose.
 */
export function cloudLimitSeconds(rule: FieldRule, purposes?: readonly Purpose[]): number {
  const serving = purposes ? rule.purposes.filter((p) => purposes.includes(p)) : [...rule.purposes];
  let longest = 0;
  for (const p of serving.length > 0 ? serving : [undefined]) {
    const e = fieldExpiry(rule, Tier.CLOUD, EPOCH, p);
    if (e.kind === "event") return Infinity;
    if (e.kind === "at") longest = Math.max(longest, Math.floor(e.at.getTime() / 1000));
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

/**
 * The clock readings (seconds after the values were planted) at which the
 * kit runs the sweeper and looks: one interval before each period, when
 * every value of that period must still be there, and one interval after
 * it, when none may be.
 */
export function checkpointSeconds(periods: readonly number[]): number[] {
  const out = new Set<number>();
  for (const p of periods) {
    if (p - SWEEP_INTERVAL_SECONDS > 0) out.add(p - SWEEP_INTERVAL_SECONDS);
    out.add(p + SWEEP_INTERVAL_SECONDS);
  }
  return [...out].sort((a, b) => a - b);
}

/** Whether a sink shows the cloud still keeps a value: its database, its dump, or the user's export (which shows sealed values too). */
function cloudKeeps(sink: string): boolean {
  return sink.startsWith("db:") || sink === "cloud-store" || sink === "export";
}

/** Where a value is kept, for "still there": any table of the database counts as one place (a row may move between tables). */
function placeOf(sink: string): string {
  return sink.startsWith("db:") ? "the database" : sink;
}

/** "7 days", "2 h": a limit or an age, in the unit that reads best. */
function duration(seconds: number): string {
  if (seconds % DAY === 0) return `${seconds / DAY} day${seconds === DAY ? "" : "s"}`;
  return `${Math.floor(seconds / DAY) > 0 ? `${Math.floor(seconds / DAY)} d ` : ""}${Math.floor((seconds % DAY) / 3600)} h`;
}

/** One run of the sweeper and what the kit observed after it, before the clock moved again. */
interface Checkpoint {
  readonly sweep: StepRef;
  /** The kit's clock when the sweeper ran. */
  readonly seconds: number;
  /** Storage and export observations made after the sweep. */
  readonly observations: readonly Observation[];
}

/**
 * The scenario's storage and export observations, cut at its clock moves:
 * those before the first move (the values as stored) and, for every run of
 * the sweeper, those after it until the clock moves again. Each pass is
 * searched on its own, so that what a sweep left is judged against that
 * sweep's limit alone.
 */
function passesOf(scenario: Scenario, observations: readonly Observation[]): { before: Observation[]; checkpoints: Checkpoint[]; failedSweeps: StepRef[] } {
  const sweepName = protoStepName("runSweeper");
  const advanceName = protoStepName("advanceClock");
  const kept = observations.filter((o) => cloudKeeps(o.sink));
  const firstMove = scenario.steps.find((s) => s.ref.name === advanceName)?.ref.number ?? Infinity;
  const checkpoints: Checkpoint[] = [];
  const failedSweeps: StepRef[] = [];
  for (const [i, s] of scenario.steps.entries()) {
    if (s.ref.name !== sweepName) continue;
    if (s.response.result.case !== "ok") {
      failedSweeps.push(s.ref);
      continue;
    }
    const nextMove = scenario.steps.slice(i + 1).find((x) => x.ref.name === advanceName)?.ref.number ?? Infinity;
    checkpoints.push({
      sweep: s.ref,
      seconds: modelAt(scenario, s.ref)?.clockSeconds ?? 0,
      observations: kept.filter((o) => (o.step?.number ?? 0) > s.ref.number && (o.step?.number ?? 0) < nextMove),
    });
  }
  return { before: kept.filter((o) => (o.step?.number ?? 0) < firstMove), checkpoints, failedSweeps };
}

function judgeWith(registry: Registry) {
  return ({ scenario, observations }: ScenarioOutcome): Violation[] => {
    const violations: Violation[] = [];
    const clockAt = (ref: StepRef | undefined) => modelAt(scenario, ref)?.clockSeconds ?? 0;
    /** A canary's limit, for the purposes the user had consented to when it was planted. */
    const limitOf = (canary: Canary): number | undefined => {
      const field = canaryField(registry, canary);
      if (!field) return undefined;
      const consented = modelAt(scenario, canary.step)?.consentedPurposes[field.plan.productId];
      return cloudLimitSeconds(field.rule, consented);
    };
    const { before, checkpoints, failedSweeps } = passesOf(scenario, observations);
    for (const ref of failedSweeps) violations.push({ step: ref, message: `the retention sweeper failed at step #${ref.number} instead of removing what expired` });

    // Where each value was kept before the clock moved: it must stay there until its limit.
    const keptAt = new Map<string, CanaryHit>();
    for (const h of findCanaries(before, scenario.planted)) {
      const key = `${canaryKey(h.canary)}\u0000${placeOf(h.sink)}`;
      if (!keptAt.has(key)) keptAt.set(key, h);
    }
    const records = ingestedRecords(observations, scenario.planted);
    const reported = new Set<string>();
    for (const cp of checkpoints) {
      const seen = new Set<string>();
      for (const h of findCanaries(cp.observations, scenario.planted)) {
        const place = `${canaryKey(h.canary)}\u0000${placeOf(h.sink)}`;
        seen.add(place);
        const limit = limitOf(h.canary);
        if (limit === undefined) continue;
        const age = cp.seconds - clockAt(h.canary.step);
        if (age < limit + SWEEP_INTERVAL_SECONDS || reported.has(place)) continue;
        reported.add(place);
        const what =
          limit === 0
            ? `value the pact does not keep at the cloud is stored after the sweep at step #${cp.sweep.number}`
            : `value kept ${duration(age)} (planted at step #${h.canary.step?.number ?? "?"}), past its limit of ${duration(limit)} and one sweep interval: still there after the sweep at step #${cp.sweep.number}`;
        violations.push({ ...violationOfHit(h, what), step: h.observedAt ?? cp.sweep });
      }
      for (const [place, h] of keptAt) {
        if (seen.has(place) || reported.has(place)) continue;
        const limit = limitOf(h.canary);
        if (limit === undefined) continue;
        const age = cp.seconds - clockAt(h.canary.step);
        if (age + SWEEP_INTERVAL_SECONDS > limit) continue;
        reported.add(place);
        const kept = Number.isFinite(limit) ? `kept ${duration(limit)}` : "kept until the user asks";
        violations.push({
          fieldPath: h.canary.fieldPath,
          messageType: h.canary.messageType,
          sink: h.sink,
          step: cp.sweep,
          message: `value ${kept} (planted at step #${h.canary.step?.number ?? "?"}) removed early: in ${h.sink} at step #${h.observedAt?.number ?? "?"}, gone from ${placeOf(h.sink)} after the sweep at step #${cp.sweep.number}, ${duration(age)} after it was collected`,
        });
      }
      // Sealed values are invisible to the scan and an export may hide what expired: the record's own id,
      // stored in the clear, shows whether its row is still there once every value it holds has expired.
      const storage = cp.observations.filter((o) => o.sink !== "export");
      for (const record of records) {
        const limits = record.hits.map((h) => ({ h, limit: limitOf(h.canary) ?? Infinity }));
        if (limits.length === 0) continue;
        const limit = Math.max(...limits.map((l) => l.limit));
        const age = cp.seconds - clockAt(record.step);
        if (!Number.isFinite(limit) || age < limit + SWEEP_INTERVAL_SECONDS) continue;
        const key = `record\u0000${record.recordId}`;
        if (reported.has(key)) continue;
        const marker = Canary.of("record id", ScalarType.STRING, record.recordId, { step: record.step });
        const found = findCanaries(storage, [marker])[0];
        if (!found) continue;
        reported.add(key);
        const first = limits.find((l) => l.limit === limit)!.h;
        violations.push({
          fieldPath: first.canary.fieldPath,
          messageType: first.canary.messageType,
          sink: found.sink,
          step: found.observedAt ?? cp.sweep,
          message: `record holding values kept ${duration(limit)} (planted at step #${first.canary.step?.number ?? "?"}) kept ${duration(age)}, past its limit and one sweep interval: its row is still in ${found.sink} ${found.detail ?? ""} after the sweep at step #${cp.sweep.number}`,
        });
      }
    }
    return violations;
  };
}

/**
 * DP-RETENTION-LIMITS-HOLD. Every value the cloud keeps is kept no longer
 * than the pact's retention for it, read from the annotations through the
 * policy's fieldExpiry (camera event clips 7 days, analytics 90,
 * advertising and personalization 180), give or take one sweep interval,
 * and no shorter: values kept "until the user asks" stay however much time
 * passes; values the pact does not keep at the cloud are never there. The
 * kit plants values, looks where they are kept, then for each period moves
 * the testee's clock to one sweep interval before it and one after it,
 * runs the testee's sweeper each time and looks again at the database, the
 * cloud's stores and the user's export (which shows field-encrypted values
 * the database scan cannot read): before, every value of that period is
 * still where it was; after, none is anywhere, nor the row that held it.
 * Seed: 000 appendices 1-8 (retention column), 000 §3.5 (event clips 7 days),
 * 000 §05 (analytics 90 days, advertising 180 days); M091-M098.
 */
export const retentionLimitsHold: Invariant = {
  id: "DP-RETENTION-LIMITS-HOLD",
  title: "Retention limits hold: nothing outlives its period by more than one sweep",
  statement:
    "No value outlives the retention the pact gives it at the cloud by more than one sweep interval, and none goes before it: one sweep interval after a value's period (camera event clips 7 days, analytics 90, advertising and personalization 180), once the testee's sweeper has run, the value is in no table, no cloud store and no export, nor is the row that held it; one interval before, it is still everywhere it was kept; a value kept until the user asks is still there however much time passes; and a value the pact does not keep at the cloud is never there.",
  source: "000 appendices 1-8 (retention); 000 §3.5 (event clips: 7 days); 000 §05 (analytics 90 days, advertising 180 days); M091-M098",
  products: productsWith(hasFixedPeriod),
  needs: ["advanceClock", "runSweeper"],
  check: (ctx) => {
    const judge = judgeWith(ctx.registry);
    const messages = (schema: Parameters<typeof messageCarries>[0]) => messageCarries(schema, hasFixedPeriod);
    const checkpoints = checkpointSeconds(periodsOf(ctx.products));
    return runScripted(ctx, {
      async script(s, model) {
        await consentTo(s, model, ctx.products);
        await enableOffByDefaultFunctions(s, model, ctx.products);
        await joinImprovementPlan(s, model);
        await plantEveryMessage(s, model, ctx.products, { guard: acceptedValues, messages, seed: ctx.seed });
        await syncNow(s, model);
        await s.step("export", { account: UserModel.owner, productId: "" }, model.snapshot());
        await s.observe();
        let now = 0;
        for (const at of checkpoints) {
          const advanced = await s.step("advanceClock", { seconds: BigInt(at - now) }, model.snapshot());
          if (!advanced.ok) return;
          model.clockSeconds += at - now;
          now = at;
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
