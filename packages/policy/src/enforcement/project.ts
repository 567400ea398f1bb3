import { clearField, isFieldSet, ScalarType, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import { buildPath, type Path, type PathBuilder } from "@bufbuild/protobuf/reflect";
import { ThirdPartyDirectValueError } from "../errors/third-party-direct-value-error.js";
import type { MessagePlan } from "../plan/message-plan.js";
import type { DropReason, Gate, Verdict } from "./verdict.js";

/** Called for every field a projection removes, with its path and the reason. */
export type DropListener = (path: Path, reason: DropReason) => void;

type AnyMessage = Message & Record<string, unknown> & { $unknown?: unknown };

function getValue(message: AnyMessage, field: DescField): unknown {
  if (field.oneof) return (message[field.oneof.localName] as { value?: unknown }).value;
  return message[field.localName];
}

function setValue(message: AnyMessage, field: DescField, value: unknown): void {
  if (field.oneof) message[field.oneof.localName] = { case: field.localName, value };
  else message[field.localName] = value;
}

const CLEARED = Symbol("cleared");

/** Whether a message has no field set (unknown fields are stripped before this is asked). */
function isEmpty(plan: MessagePlan, message: AnyMessage): boolean {
  for (const slot of plan.slots) if (isFieldSet(message, slot.field)) return false;
  return true;
}

/** A shallow copy that keeps the prototype (protobuf-es keeps defaults of fields with presence there). */
function copyOf(message: AnyMessage): AnyMessage {
  return Object.assign(Object.create(Object.getPrototypeOf(message) as object) as AnyMessage, message);
}

/**
 * Projects a message through a gate: the result holds exactly the leaves the
 * gate keeps, recursively, and never any unknown fields (they carry no
 * annotation). Held messages that the projection empties are removed (from
 * lists and maps too), so that not even their count or keys cross. Unchanged sub-messages are shared with the input rather than
 * copied, so a projection costs little when almost everything may pass;
 * treat both as immutable. Throws ThirdPartyDirectValueError when a
 * third-party-direct value is present, whatever the gate.
 */
export function project(plan: MessagePlan, message: Message, gate: Gate, onDrop?: DropListener): Message {
  const memo = gate.verdicts ?? new Map<MessagePlan, Verdict[]>();
  const verdicts = (p: MessagePlan): Verdict[] => {
    let v = memo.get(p);
    if (!v) {
      v = p.slots.map((s) => (s.kind === "leaf" ? (s.rule.thirdPartyDirect ? "reject" : gate.verdict(p, s.rule)) : "keep"));
      memo.set(p, v);
    }
    return v;
  };
  const walk = (p: MessagePlan, msg: AnyMessage, path: PathBuilder | undefined, root: DescMessage): AnyMessage => {
    const vs = verdicts(p);
    let out: AnyMessage | undefined;
    for (let i = 0; i < p.slots.length; i++) {
      const slot = p.slots[i]!;
      if (slot.kind === "free" || !isFieldSet(msg, slot.field)) continue;
      if (slot.kind === "leaf") {
        const verdict = vs[i]!;
        if (verdict === "keep") continue;
        if (verdict === "reject") throw new ThirdPartyDirectValueError(root.typeName, (path ?? buildPath(p.schema)).clone().field(slot.field).toPath());
        out ??= copyOf(msg);
        clearField(out, slot.field);
        if (onDrop && path) onDrop(path.clone().field(slot.field).toPath(), verdict);
        continue;
      }
      const child = slot.plan();
      const value = getValue(msg, slot.field);
      const fieldPath = path?.clone().field(slot.field);
      let next: unknown = value;
      if (slot.field.fieldKind === "list") {
        const list = value as AnyMessage[];
        let changed = false;
        const mapped: AnyMessage[] = [];
        list.forEach((m, idx) => {
          const r = walk(child, m, fieldPath?.clone().list(idx), root);
          if (r !== m) changed = true;
          // An element the projection emptied would still tell how many there were.
          if (r === m || !isEmpty(child, r) || isEmpty(child, m)) mapped.push(r);
        });
        if (changed) next = mapped;
      } else if (slot.field.fieldKind === "map") {
        const map = value as Record<string, AnyMessage>;
        let changed = false;
        const mapped: Record<string, AnyMessage> = {};
        for (const key of Object.keys(map)) {
          const m = map[key]!;
          // Map keys can be personal data: paths carry a placeholder, never the key.
          const r = walk(child, m, fieldPath?.clone().map(placeholderKey(slot.field)), root);
          if (r !== m) changed = true;
          // An entry the projection emptied would still disclose its key.
          if (r === m || !isEmpty(child, r) || isEmpty(child, m)) mapped[key] = r;
        }
        if (changed) next = mapped;
      } else {
        const r = walk(child, value as AnyMessage, fieldPath, root);
        // A held message the projection emptied is cleared: its presence alone says something happened.
        next = r !== value && isEmpty(child, r) && !isEmpty(child, value as AnyMessage) ? CLEARED : r;
      }
      if (next === CLEARED) {
        out ??= copyOf(msg);
        clearField(out, slot.field);
      } else if (next !== value) {
        out ??= copyOf(msg);
        setValue(out, slot.field, next);
      }
    }
    if (msg.$unknown !== undefined) {
      out ??= copyOf(msg);
      delete out.$unknown;
    }
    return out ?? msg;
  };
  // Walk without paths first (no path objects per field). With paths only to
  // say where: for the error of a third-party-direct value, and, when a
  // listener wants drops, if something changed (most projections drop
  // nothing). Both walks drop the same leaves.
  let fast: AnyMessage;
  try {
    fast = walk(plan, message as AnyMessage, undefined, plan.schema);
  } catch (err) {
    if (err instanceof ThirdPartyDirectValueError) walk(plan, message as AnyMessage, buildPath(plan.schema), plan.schema);
    throw err;
  }
  return onDrop && fast !== message ? walk(plan, message as AnyMessage, buildPath(plan.schema), plan.schema) : fast;
}

function placeholderKey(field: DescField): string | number | bigint | boolean {
  if (field.fieldKind !== "map") return "*";
  switch (field.mapKey) {
    case ScalarType.STRING:
      return "*";
    case ScalarType.BOOL:
      return false;
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return 0n;
    default:
      return 0;
  }
}
