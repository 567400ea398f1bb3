import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { DataCategory, Purpose, Tier } from "@datapact/proto";
import { project } from "../enforcement/project.js";
import type { Gate, Verdict } from "../enforcement/verdict.js";
import { planFor } from "../plan/message-plan.js";
import type { ViewOptions } from "./view-drop-reason.js";

/**
 * What a shared party may see of a stored value: the device's own state and
 * settings (category Other, used for the device's function) and nothing
 * else. Sharing grants viewing and basic control only (000 §3.8; SEED-
 * MECHANISMS M145), so identifiers, contact data, health and fitness data,
 * location, user content and usage data of the owner all stay hidden, as
 * does anything the cloud does not keep (the view is of stored records).
 */
const sharedViewGate: Gate = {
  // A view's rules depend on the plan alone: its verdicts are kept for good.
  verdicts: new WeakMap(),
  verdict(_plan, rule): Verdict {
    if (!rule.policy) return "UNANNOTATED";
    if (!rule.tiers.has(Tier.CLOUD)) return "NOT_STORED_AT_TIER";
    if (!rule.purposes.includes(Purpose.FUNCTIONALITY)) return "NOT_FOR_FUNCTIONALITY" as Verdict;
    if (rule.policy.category !== DataCategory.OTHER) return "NOT_DEVICE_STATE" as Verdict;
    return "keep";
  },
};

/**
 * The copy of a stored record that an account the device is shared with may
 * read: only leaves of category Other that serve the product's function and
 * are kept at the cloud. Everything personal of the owner is removed, and a
 * field the pact does not annotate never shows (the engine fails closed).
 * Throws ThirdPartyDirectValueError if a third-party-direct value is present.
 *
 * Unchanged sub-messages are shared with `message`; treat both as immutable.
 */
export function forSharedView<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>, options: ViewOptions = {}): MessageShape<Desc> {
  return project(planFor(schema), message, sharedViewGate, options.onDrop as Parameters<typeof project>[3]) as MessageShape<Desc>;
}
