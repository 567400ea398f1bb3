import type { DescField, DescMessage } from "@bufbuild/protobuf";
import { IdentificationQualifier, MessageRole, Purpose, Tier } from "@datapact/proto";
import { fieldPolicyOf, messagePolicyOf, productOf, roleOf } from "../annotations/read.js";
import { heldMessage, isValueMessage } from "../annotations/held-message.js";
import { compileFieldRule, type FieldRule } from "./field-rule.js";

/**
 * How the plan treats one field of a message:
 * - `leaf`: a value the annotations govern directly (scalars, enums, bytes,
 *   lists and maps of them, well-known types such as Timestamp);
 * - `nested`: a message (or list or map of messages) whose own fields carry
 *   the annotations;
 * - `free`: a field of a control or envelope message, which carries no
 *   personal data of its own.
 */
export type FieldSlot =
  | { readonly kind: "leaf"; readonly field: DescField; readonly rule: FieldRule }
  | { readonly kind: "nested"; readonly field: DescField; readonly plan: () => MessagePlan }
  | { readonly kind: "free"; readonly field: DescField };

/**
 * Everything the policy decides about one message type, compiled once from
 * its annotations and those of the messages it contains.
 */
export interface MessagePlan {
  readonly schema: DescMessage;
  readonly role: MessageRole;
  /** ProductPolicy.id of the file that declares the message, or "". */
  readonly productId: string;
  /** MessagePolicy.function, or "". */
  readonly fn: string;
  readonly offByDefault: boolean;
  /** One slot per field, in declaration order. */
  readonly slots: readonly FieldSlot[];
  /** The leaf rule of a field of this message (not nested ones), by field number. */
  ruleFor(fieldNumber: number): FieldRule | undefined;
  /** Every purpose any field of this message or the messages it holds declares. */
  readonly declaredPurposes: ReadonlySet<Purpose>;
  /** The qualifiers the schema declares for `purpose`, across this message and those it holds. */
  qualifiersFor(purpose: Purpose): ReadonlySet<IdentificationQualifier>;
  /** Leaf rules of this message that are stored field-encrypted at `tier`. */
  encryptedAt(tier: Tier): readonly FieldRule[];
}

const plans = new WeakMap<DescMessage, MessagePlan>();

/** The compiled plan of a message type; compiled on first use and cached per descriptor. */
export function planFor(schema: DescMessage): MessagePlan {
  let plan = plans.get(schema);
  if (!plan) {
    plan = compileMessagePlan(schema);
    plans.set(schema, plan);
  }
  return plan;
}

/** Walks a plan and every plan it holds, once each (message types can be recursive). */
export function* reachablePlans(root: MessagePlan): Generator<MessagePlan> {
  const seen = new Set<DescMessage>();
  const stack = [root];
  while (stack.length > 0) {
    const plan = stack.pop()!;
    if (seen.has(plan.schema)) continue;
    seen.add(plan.schema);
    yield plan;
    for (const slot of plan.slots) if (slot.kind === "nested") stack.push(slot.plan());
  }
}

function compileMessagePlan(schema: DescMessage): MessagePlan {
  const role = roleOf(schema);
  const messagePolicy = messagePolicyOf(schema);
  const governed = role === MessageRole.DATA;
  const slots: FieldSlot[] = schema.fields.map((field) => {
    const held = heldMessage(field);
    if (held && !isValueMessage(held)) return { kind: "nested", field, plan: () => planFor(held) };
    if (!governed) return { kind: "free", field };
    return { kind: "leaf", field, rule: compileFieldRule(field, fieldPolicyOf(field)) };
  });
  const byNumber = new Map<number, FieldRule>();
  for (const s of slots) if (s.kind === "leaf") byNumber.set(s.field.number, s.rule);

  let purposes: Set<Purpose> | undefined;
  let qualifiers: Map<Purpose, Set<IdentificationQualifier>> | undefined;
  const leaves = function* (): Generator<FieldRule> {
    for (const p of reachablePlans(plan)) for (const s of p.slots) if (s.kind === "leaf") yield s.rule;
  };
  const plan: MessagePlan = {
    schema,
    role,
    productId: productOf(schema.file)?.id ?? "",
    fn: messagePolicy?.function ?? "",
    offByDefault: messagePolicy?.offByDefault ?? false,
    slots,
    ruleFor: (n) => byNumber.get(n),
    get declaredPurposes() {
      if (!purposes) {
        purposes = new Set();
        for (const r of leaves()) for (const p of r.purposes) purposes.add(p);
      }
      return purposes;
    },
    qualifiersFor(purpose) {
      if (!qualifiers) {
        qualifiers = new Map();
        for (const r of leaves())
          for (const p of r.purposes) {
            let set = qualifiers.get(p);
            if (!set) qualifiers.set(p, (set = new Set()));
            set.add(r.qualifierFor(p));
          }
      }
      return qualifiers.get(purpose) ?? new Set();
    },
    encryptedAt: (tier) => [...byNumber.values()].filter((r) => r.encryptedAt.has(tier)),
  };
  return plan;
}
