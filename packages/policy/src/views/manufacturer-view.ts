import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { DataCategory, Purpose, Tier } from "@datapact/proto";
import { project } from "../enforcement/project.js";
import type { Gate, Verdict } from "../enforcement/verdict.js";
import { planFor } from "../plan/message-plan.js";
import type { ViewOptions } from "./view-drop-reason.js";

/**
 * Categories a manufacturer never receives. Identifiers (account ids, MACs,
 * serial numbers, tokens) and contact data are exactly what two
 * manufacturers could match to link one person (SEED-MECHANISMS M077: each
 * gets an unlinkable identifier instead). User content is free text and media
 * that can name the person; financial data belongs to the bank (M072), and
 * the address book to the people in it.
 */
const WITHHELD: ReadonlySet<DataCategory> = new Set([
  DataCategory.IDENTIFIERS,
  DataCategory.CONTACT_INFO,
  DataCategory.CONTACTS,
  DataCategory.USER_CONTENT,
  DataCategory.FINANCIAL_INFO,
]);

const manufacturerViewGate: Gate = {
  // A view's rules depend on the plan alone: its verdicts are kept for good.
  verdicts: new WeakMap(),
  verdict(_plan, rule): Verdict {
    if (!rule.policy) return "UNANNOTATED";
    if (!rule.tiers.has(Tier.CLOUD)) return "NOT_STORED_AT_TIER";
    // Raw usage and analytics data are never handed to third parties (M078).
    if (!rule.purposes.includes(Purpose.FUNCTIONALITY)) return "NOT_FOR_FUNCTIONALITY" as Verdict;
    if (rule.policy.category === DataCategory.UNSPECIFIED || WITHHELD.has(rule.policy.category)) return "IDENTIFYING_FOR_THIRD_PARTY" as Verdict;
    return "keep";
  },
};

/**
 * The copy of a stored record that the manufacturer of its product may read,
 * under the pairwise identifier the platform gives it for the person: the
 * values that serve the product's function, less every identifier, contact
 * detail, piece of user content or financial datum. What remains (device
 * measurements, settings, state) cannot be matched with another
 * manufacturer's view of the same person. Throws ThirdPartyDirectValueError
 * if a third-party-direct value is present.
 *
 * Unchanged sub-messages are shared with `message`; treat both as immutable.
 */
export function forManufacturerView<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>, options: ViewOptions = {}): MessageShape<Desc> {
  return project(planFor(schema), message, manufacturerViewGate, options.onDrop as Parameters<typeof project>[3]) as MessageShape<Desc>;
}
