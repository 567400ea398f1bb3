import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type { Tier } from "@datapact/proto";
import { planFor, reachablePlans, type MessagePlan } from "../plan/message-plan.js";
import { setLeaves } from "../plan/set-leaves.js";
import { project } from "./project.js";
import type { Gate, GateVerdicts } from "./verdict.js";

/** What {@link partitionAtRest} splits a stored message into. */
export interface AtRestPartition<Desc extends DescMessage> {
  /**
   * The message without every leaf the plan stores field-encrypted at the
   * tier: what may be written in the clear. Unchanged sub-messages are
   * shared with the input.
   */
  readonly plain: MessageShape<Desc>;
  /**
   * Whether the input sets at least one leaf stored field-encrypted at the
   * tier, so that the full message must also be written sealed.
   */
  readonly hasSealed: boolean;
}

/**
 * Keeps every leaf except those stored field-encrypted at `tier`. The verdict
 * for a sealed leaf reuses NOT_STORED_AT_TIER: such a value may not be
 * written at the tier in the clear, which is exactly what that reason means
 * for the plain copy; no listener ever sees it.
 */
const plainAtRestVerdicts = new Map<Tier, GateVerdicts>();

function plainAtRestGate(tier: Tier): Gate {
  let verdicts = plainAtRestVerdicts.get(tier);
  if (!verdicts) plainAtRestVerdicts.set(tier, (verdicts = new WeakMap()));
  return {
    verdicts,
    verdict: (_plan, rule) => (rule.encryptedAt.has(tier) ? "NOT_STORED_AT_TIER" : "keep"),
  };
}

function setsSealedLeaf(plan: MessagePlan, message: MessageShape<DescMessage>, tier: Tier): boolean {
  for (const rule of setLeaves(plan, message)) if (rule.encryptedAt.has(tier)) return true;
  return false;
}

/**
 * Splits a message that has already been projected for storage at `tier`
 * (see forStorage) into the part that may be stored in the clear and a flag
 * saying whether anything must be stored field-encrypted.
 *
 * A storage layer writes `plain` as is and, when `hasSealed`, the full
 * message sealed under the data subject's key; a reader opens the sealed
 * copy when there is one. Which leaves are sealed is the pact's decision
 * (`FieldRule.encryptedAt`), never the caller's. Throws
 * ThirdPartyDirectValueError if a third-party-direct value is present.
 */
export function partitionAtRest<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>, tier: Tier): AtRestPartition<Desc> {
  const plan = planFor(schema);
  const plain = project(plan, message, plainAtRestGate(tier)) as MessageShape<Desc>;
  return { plain, hasSealed: setsSealedLeaf(plan, message, tier) };
}

/**
 * Where the leaves {@link partitionAtRest} keeps out of the plain copy lie
 * in a message type: by field number among its own fields, and whether any
 * lies deeper, in a message it holds.
 */
export interface AtRestSealing {
  /** Field numbers of the message's own leaves stored field-encrypted at the tier. */
  readonly topLevel: ReadonlySet<number>;
  /** Whether a message the type holds (at any depth) has a leaf stored field-encrypted at the tier. */
  readonly belowTopLevel: boolean;
}

const sealingByTier = new Map<Tier, WeakMap<DescMessage, AtRestSealing>>();

/**
 * Which leaves of `schema` are stored field-encrypted at `tier`, by place
 * (see {@link AtRestSealing}); computed once per type. When none lies below
 * the top level, the plain copy partitionAtRest gives is exactly the
 * message without those top-level fields, so a storage layer that holds
 * the full message's encoding may cut their fields out of it instead of
 * encoding the plain copy again.
 */
export function atRestSealing(schema: DescMessage, tier: Tier): AtRestSealing {
  let byType = sealingByTier.get(tier);
  if (!byType) sealingByTier.set(tier, (byType = new WeakMap()));
  let sealing = byType.get(schema);
  if (!sealing) {
    const root = planFor(schema);
    const topLevel = new Set(root.encryptedAt(tier).map((rule) => rule.field.number));
    // Walked from each held type, so a type that holds itself counts its own leaves as deeper too.
    const belowTopLevel = root.slots.some((slot) => slot.kind === "nested" && [...reachablePlans(slot.plan())].some((plan) => plan.encryptedAt(tier).length > 0));
    sealing = { topLevel, belowTopLevel };
    byType.set(schema, sealing);
  }
  return sealing;
}

