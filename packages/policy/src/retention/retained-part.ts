import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type { DataUseStatement, Purpose, Tier } from "@datapact/proto";
import { consentSnapshot } from "../consent/consent-state.js";
import { project } from "../enforcement/project.js";
import type { Gate } from "../enforcement/verdict.js";
import type { FieldRule } from "../plan/field-rule.js";
import { planFor, type MessagePlan } from "../plan/message-plan.js";
import { setLeaves } from "../plan/set-leaves.js";
import { statementFor } from "../statement/statement-for.js";
import { fieldExpiry } from "./expiry.js";

/** What of a stored record may still be kept, as {@link retainedPart} decides it. */
export interface RetainedPart<Desc extends DescMessage> {
  /** The copy that may still be kept; undefined when nothing of the record may be kept any more (delete it). */
  readonly message: MessageShape<Desc> | undefined;
  /**
   * The record's statement narrowed to what is kept: purposes whose every
   * value expired are gone and the qualifier is that of the values left.
   * Undefined with `message`.
   */
  readonly statement: DataUseStatement | undefined;
  /** When the next kept value reaches its fixed period; undefined when none has one. */
  readonly nextExpiry: Date | undefined;
  /** Whether anything was removed (false: keep the stored row as it is). */
  readonly changed: boolean;
}

/** The purposes of the record for which `rule`'s value is still kept at `now` (`undefined` stands for "no purpose named"). */
function livePurposes(rule: FieldRule, tier: Tier, collectedAt: Date, purposes: readonly Purpose[], now: Date): (Purpose | undefined)[] {
  const serving = purposes.length > 0 ? rule.purposes.filter((p) => purposes.includes(p)) : [];
  return (serving.length > 0 ? serving : [undefined]).filter((p) => {
    const e = fieldExpiry(rule, tier, collectedAt, p);
    return e.kind === "event" || (e.kind === "at" && e.at.getTime() > now.getTime());
  });
}

/**
 * Per-field retention of a stored record at `now` (SEED-MECHANISMS section
 * I): each leaf stays as long as one of the record's purposes keeps it
 * (`fieldExpiry`: a fixed period after `collectedAt`, or until an event such
 * as the user's request); a leaf whose every purpose ran out, or that may
 * not be stored at `tier` at all, is removed. The same datum kept for two
 * purposes with two periods (identified for personalization 180 days,
 * pseudonymized for analytics 90, M089) stays until the longer one ends, and
 * the statement stops naming the shorter purpose when it ends.
 *
 * `nextExpiry` is when to look again; a retention sweeper that deletes the
 * record when `message` is undefined and otherwise rewrites it when
 * `changed` never keeps a value past its period by more than its own
 * interval.
 */
export function retainedPart<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  statement: DataUseStatement,
  tier: Tier,
  collectedAt: Date,
  now: Date,
): RetainedPart<Desc> {
  const plan = planFor(schema);
  const purposes = statement.purposes;
  const gate: Gate = {
    // Reuses the storage drop reason: an expired value may no longer be stored at the tier.
    verdict: (_p, rule) => (livePurposes(rule, tier, collectedAt, purposes, now).length > 0 ? "keep" : "NOT_STORED_AT_TIER"),
  };
  const kept = project(plan, message, gate) as MessageShape<Desc>;
  const live = new Set<Purpose>();
  let nextExpiry: Date | undefined;
  let anyLeaf = false;
  for (const rule of setLeaves(plan, kept)) {
    anyLeaf = true;
    for (const p of livePurposes(rule, tier, collectedAt, purposes, now)) {
      if (p !== undefined) live.add(p);
      const e = fieldExpiry(rule, tier, collectedAt, p);
      if (e.kind === "at" && (!nextExpiry || e.at < nextExpiry)) nextExpiry = e.at;
    }
  }
  if (!anyLeaf) return { message: undefined, statement: undefined, nextExpiry: undefined, changed: true };
  const remaining = purposes.filter((p) => live.has(p));
  const unchanged = remaining.length === purposes.length && kept === message;
  const consent = consentSnapshot({ [plan.productId]: { purposes: remaining, enabledFunctions: plan.fn ? [plan.fn] : [] } });
  return {
    message: kept,
    statement: unchanged ? statement : statementFor(schema, kept, { consent, policyVersion: statement.policyVersion, consentReceiptId: statement.consentReceiptId }),
    nextExpiry,
    changed: !unchanged,
  };
}

/** Every plan reachable from `root`, once each. */
function reachable(root: MessagePlan): MessagePlan[] {
  const seen = new Set<MessagePlan>();
  const stack = [root];
  while (stack.length > 0) {
    const plan = stack.pop()!;
    if (seen.has(plan)) continue;
    seen.add(plan);
    for (const slot of plan.slots) if (slot.kind === "nested") stack.push(slot.plan());
  }
  return [...seen];
}

/**
 * The instant by which every value a record of this type could hold, kept
 * at `tier` for `purposes`, has reached its fixed period: from then on the
 * whole record goes, whatever it holds, without reading it. Undefined when
 * some value could be kept until an event (the user's request, say), so
 * only {@link retainedPart} on the record itself can tell.
 */
export function wholeRecordExpiry(schema: DescMessage, tier: Tier, collectedAt: Date, purposes: readonly Purpose[]): Date | undefined {
  let latest: Date | undefined;
  for (const plan of reachable(planFor(schema)))
    for (const slot of plan.slots) {
      if (slot.kind !== "leaf" || !slot.rule.tiers.has(tier)) continue;
      const serving = purposes.length > 0 ? slot.rule.purposes.filter((p) => purposes.includes(p)) : [];
      for (const p of serving.length > 0 ? serving : [undefined]) {
        const e = fieldExpiry(slot.rule, tier, collectedAt, p);
        if (e.kind === "event") return undefined;
        if (e.kind === "at" && (!latest || e.at > latest)) latest = e.at;
      }
    }
  return latest;
}
