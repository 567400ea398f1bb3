import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { Tier, type DataUseStatement, type Purpose } from "@datapact/proto";
import { consentSnapshot } from "../consent/consent-state.js";
import { forStorage } from "../enforcement/for-hop.js";
import { planFor, type MessagePlan } from "../plan/message-plan.js";
import { setLeaves } from "../plan/set-leaves.js";
import { statementFor } from "../statement/statement-for.js";

/** What {@link withoutPurposes} leaves of a stored record. */
export interface NarrowedRecord<Desc extends DescMessage> {
  /** The copy that may still be kept; undefined when the record served only withdrawn purposes (delete it). */
  readonly message: MessageShape<Desc> | undefined;
  /** Its statement, naming only the purposes left; undefined with `message`. */
  readonly statement: DataUseStatement | undefined;
  /** Whether anything changed (false: the record did not serve a withdrawn purpose). */
  readonly changed: boolean;
}

/** The functions of a plan and of every plan it holds: all were on when the record was stored. */
function functionsOf(root: MessagePlan): string[] {
  const fns = new Set<string>();
  const seen = new Set<MessagePlan>();
  const stack = [root];
  while (stack.length > 0) {
    const plan = stack.pop()!;
    if (seen.has(plan)) continue;
    seen.add(plan);
    if (plan.fn) fns.add(plan.fn);
    for (const slot of plan.slots) if (slot.kind === "nested") stack.push(slot.plan());
  }
  return [...fns];
}

/**
 * A stored record after the user withdrew consent to `withdrawn` purposes
 * (analytics, say) while keeping the others (SEED-MECHANISMS M142; 000 §05):
 * the values kept only for withdrawn purposes are removed (the cloud's
 * storage projection under the purposes left), the statement stops naming
 * the withdrawn ones and takes the qualifier of what is left, and a record
 * left with no value or no purpose is to be deleted.
 */
export function withoutPurposes<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  statement: DataUseStatement,
  withdrawn: readonly Purpose[],
): NarrowedRecord<Desc> {
  if (!statement.purposes.some((p) => withdrawn.includes(p))) return { message, statement, changed: false };
  const remaining = statement.purposes.filter((p) => !withdrawn.includes(p));
  if (remaining.length === 0) return { message: undefined, statement: undefined, changed: true };
  const plan = planFor(schema);
  const consent = consentSnapshot({ [plan.productId]: { purposes: remaining, enabledFunctions: functionsOf(plan) } });
  const kept = forStorage(schema, message, Tier.CLOUD, { consent });
  if (setLeaves(plan, kept).next().done) return { message: undefined, statement: undefined, changed: true };
  return { message: kept, statement: statementFor(schema, kept, { consent, policyVersion: statement.policyVersion, consentReceiptId: statement.consentReceiptId }), changed: true };
}
