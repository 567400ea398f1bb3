// An independent, deliberately naive statement of the pact's rules, read
// straight from the raw annotations with protobuf-es reflection. The
// property tests hold the compiled engine to it.
import { clone, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import { reflect, type ReflectMessage } from "@bufbuild/protobuf/reflect";
import { Flow, Hop, MessageRole, TransitMeasure, type Purpose } from "@datapact/proto";
import { fieldPolicyOf, messagePolicyOf, productOf, type ConsentState } from "../src/index.js";

const isGoverned = (m: DescMessage) => {
  const role = messagePolicyOf(m)?.role ?? MessageRole.UNSPECIFIED;
  return role === MessageRole.UNSPECIFIED || role === MessageRole.DATA;
};

/** Whether the field is a leaf the annotations govern (not a held product message). */
export function isGovernedLeaf(field: DescField): boolean {
  const held = field.fieldKind === "message" || field.fieldKind === "list" || field.fieldKind === "map" ? (field as { message?: DescMessage }).message : undefined;
  if (held && !held.typeName.startsWith("google.protobuf.")) return false;
  return isGoverned(field.parent);
}

/** The flow of a leaf as the annotation states it (unset = cloud). */
export function rawFlow(field: DescField): Flow {
  const f = fieldPolicyOf(field)?.flow ?? Flow.UNSPECIFIED;
  return f === Flow.UNSPECIFIED ? Flow.CLOUD : f;
}

export function oracleMayCross(field: DescField, hop: Hop, consent: ConsentState): boolean {
  const policy = fieldPolicyOf(field);
  if (!policy) return false;
  const flow = rawFlow(field);
  const hopsByFlow: Record<number, Hop[]> = {
    [Flow.CLOUD]: [Hop.DEVICE_APP, Hop.APP_CLOUD, Hop.DEVICE_CLOUD],
    [Flow.APP]: [Hop.DEVICE_APP],
    [Flow.DISPLAY_ONLY]: [Hop.DEVICE_APP],
  };
  if (!(hopsByFlow[flow] ?? []).includes(hop)) return false;
  if (policy.transit.some((t) => t.hop === hop && t.measure === TransitMeasure.NOT_TRANSMITTED)) return false;
  const product = productOf(field.parent.file)?.id ?? "";
  const mp = messagePolicyOf(field.parent);
  if (mp?.function) {
    if (mp.offByDefault && !consent.isFunctionEnabled(product, mp.function)) return false;
    if (!mp.offByDefault && consent.isFunctionDisabled?.(product, mp.function)) return false;
  }
  const purposes: Purpose[] = [...policy.purposes, ...policy.uses.map((u) => u.purpose)];
  if (!purposes.some((p) => consent.allowsPurpose(product, p))) return false;
  if (policy.uploadSwitch && hop !== Hop.DEVICE_APP && !consent.isUploadEnabled(product, policy.uploadSwitch)) return false;
  return true;
}

function visit(r: ReflectMessage, onLeaf: (r: ReflectMessage, f: DescField) => void): void {
  for (const f of r.fields) {
    if (!r.isSet(f)) continue;
    if (isGovernedLeaf(f)) {
      onLeaf(r, f);
      continue;
    }
    if (f.fieldKind === "message" && !f.message.typeName.startsWith("google.protobuf.")) visit(r.get(f) as ReflectMessage, onLeaf);
    else if (f.fieldKind === "list" && f.listKind === "message") for (const m of r.get(f)) visit(m as ReflectMessage, onLeaf);
    else if (f.fieldKind === "map" && f.mapKind === "message") for (const [, m] of r.get(f)) visit(m as ReflectMessage, onLeaf);
  }
}

/** Every set governed leaf of a message, recursively. */
export function setGovernedLeaves(schema: DescMessage, message: Message): DescField[] {
  const out: DescField[] = [];
  visit(reflect(schema, message), (_, f) => out.push(f));
  return out;
}

function stripUnknown(r: ReflectMessage): void {
  delete (r.message as { $unknown?: unknown }).$unknown;
  for (const f of r.fields) {
    if (!r.isSet(f)) continue;
    if (f.fieldKind === "message") stripUnknown(r.get(f) as ReflectMessage);
    else if (f.fieldKind === "list" && f.listKind === "message") for (const m of r.get(f)) stripUnknown(m as ReflectMessage);
    else if (f.fieldKind === "map" && f.mapKind === "message") for (const [, m] of r.get(f)) stripUnknown(m as ReflectMessage);
  }
}

const hasAnySet = (r: ReflectMessage) => r.fields.some((f) => r.isSet(f));
const isProductMessageField = (f: DescField) =>
  (f.fieldKind === "message" || (f.fieldKind === "list" && f.listKind === "message") || (f.fieldKind === "map" && f.mapKind === "message")) &&
  !f.message.typeName.startsWith("google.protobuf.");

/**
 * Removes held messages that were non-empty in `before` and are empty in
 * `after` (the same message after clearing), from singular fields, lists and
 * maps, innermost first.
 */
function pruneEmptied(before: ReflectMessage, after: ReflectMessage): void {
  for (const f of after.fields) {
    if (!isProductMessageField(f) || !before.isSet(f)) continue;
    if (f.fieldKind === "message") {
      const b = before.get(f) as ReflectMessage;
      const a = after.get(f) as ReflectMessage;
      pruneEmptied(b, a);
      if (hasAnySet(b) && !hasAnySet(a)) after.clear(f);
    } else if (f.fieldKind === "list") {
      const bl = [...before.get(f)] as ReflectMessage[];
      const al = [...after.get(f)] as ReflectMessage[];
      const keep = al.filter((a, i) => {
        pruneEmptied(bl[i]!, a);
        return !(hasAnySet(bl[i]!) && !hasAnySet(a));
      });
      after.clear(f);
      const list = after.get(f);
      for (const a of keep) list.add(a);
    } else if (f.fieldKind === "map") {
      const bm = before.get(f);
      const am = after.get(f);
      for (const [k, a] of [...am]) {
        const b = bm.get(k) as ReflectMessage;
        pruneEmptied(b, a as ReflectMessage);
        if (hasAnySet(b) && !hasAnySet(a as ReflectMessage)) am.delete(k);
      }
    }
  }
}

/**
 * What forHop must return: a clone with every leaf the oracle refuses
 * cleared, held messages so emptied removed, and no unknown fields.
 */
export function oracleForHop(schema: DescMessage, message: Message, hop: Hop, consent: ConsentState): Message {
  const copy = clone(schema, message);
  const r = reflect(schema, copy);
  visit(r, (owner, f) => {
    if (!oracleMayCross(f, hop, consent)) owner.clear(f);
  });
  stripUnknown(r);
  pruneEmptied(reflect(schema, clone(schema, message)), r);
  return copy;
}

/** A clone with every third-party-direct value cleared (for properties about messages the SDK accepts). */
export function withoutThirdPartyDirect<T extends Message>(schema: DescMessage, message: T): T {
  const copy = clone(schema, message);
  visit(reflect(schema, copy), (owner, f) => {
    if (rawFlow(f) === Flow.THIRD_PARTY_DIRECT) owner.clear(f);
  });
  return copy as T;
}
