import { isFieldSet, type Message } from "@bufbuild/protobuf";
import type { FieldRule } from "./field-rule.js";
import type { MessagePlan } from "./message-plan.js";

type AnyMessage = Message & Record<string, unknown>;

/** Every leaf rule whose field is set in `message`, recursively through held messages. */
export function* setLeaves(plan: MessagePlan, message: Message): Generator<FieldRule> {
  const msg = message as AnyMessage;
  for (const slot of plan.slots) {
    if (slot.kind === "free" || !isFieldSet(msg, slot.field)) continue;
    if (slot.kind === "leaf") {
      yield slot.rule;
      continue;
    }
    const child = slot.plan();
    const value = slot.field.oneof ? (msg[slot.field.oneof.localName] as { value: unknown }).value : msg[slot.field.localName];
    if (slot.field.fieldKind === "list") for (const m of value as Message[]) yield* setLeaves(child, m);
    else if (slot.field.fieldKind === "map") for (const m of Object.values(value as Record<string, Message>)) yield* setLeaves(child, m);
    else yield* setLeaves(child, value as Message);
  }
}
