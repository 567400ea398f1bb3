import { create, isFieldSet, type DescField, type DescMessage, type Message, type MessageShape } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { DataCategory, Flow, IdentificationQualifier, Tier } from "@datapact/proto";
import { messagePolicyOf } from "../annotations/read.js";
import type { FieldRule } from "../plan/field-rule.js";
import { planFor, type MessagePlan } from "../plan/message-plan.js";

type AnyMessage = Message & Record<string, unknown>;

const DAY_MS = 86_400_000;

// Only usage and diagnostic values can outlive their account: every other
// category (identifiers, contact data, content, location, health, money,
// histories, "other") describes the person or leads back to them.
const SURVIVING_CATEGORIES: ReadonlySet<DataCategory> = new Set([DataCategory.USAGE_DATA, DataCategory.DIAGNOSTICS]);

// The pact itself must already call the value anonymized (or aggregated)
// under every purpose it serves: anonymization on deletion strips the link,
// it never turns identified data into anonymous data by fiat.
const UNLINKABLE: ReadonlySet<IdentificationQualifier> = new Set([IdentificationQualifier.ANONYMIZED, IdentificationQualifier.AGGREGATED]);

// Well-known leaf types whose value is a plain quantity. Struct, Value,
// ListValue and Any can carry anything and never survive.
const QUANTITY_TYPES: ReadonlySet<string> = new Set([
  "google.protobuf.Timestamp",
  "google.protobuf.Duration",
  "google.protobuf.DoubleValue",
  "google.protobuf.FloatValue",
  "google.protobuf.Int64Value",
  "google.protobuf.UInt64Value",
  "google.protobuf.Int32Value",
  "google.protobuf.UInt32Value",
  "google.protobuf.BoolValue",
  "google.protobuf.StringValue",
  "google.protobuf.BytesValue",
]);

/**
 * Whether the pact lets a stored record of this message type be kept
 * anonymized when its account is deleted (MessagePolicy
 * `anonymize_on_deletion`; seed 001 §4.3, SEED-MECHANISMS M086 and M136).
 * Every other record is erased.
 */
export function mayAnonymize(schema: DescMessage): boolean {
  return messagePolicyOf(schema)?.anonymizeOnDeletion === true;
}

/** Whether one leaf's value may survive anonymization (its timestamp coarsened). */
export function survivesAnonymization(rule: FieldRule): boolean {
  const policy = rule.policy;
  if (!policy || rule.flow !== Flow.CLOUD || !rule.tiers.has(Tier.CLOUD)) return false;
  if (!SURVIVING_CATEGORIES.has(policy.category)) return false;
  if (rule.purposes.length === 0 || !rule.purposes.every((p) => UNLINKABLE.has(rule.qualifierFor(p)))) return false;
  const field = rule.field;
  // A map's keys are values of their own, with no annotation to judge them by.
  if (field.fieldKind === "map") return false;
  if (field.fieldKind === "message" || (field.fieldKind === "list" && field.listKind === "message")) return QUANTITY_TYPES.has(field.message.typeName);
  return true;
}

function isTimestampField(field: DescField): boolean {
  return (field.fieldKind === "message" || (field.fieldKind === "list" && field.listKind === "message")) && field.message.typeName === "google.protobuf.Timestamp";
}

/** The start of the UTC day: an instant precise enough to re-link an event to the account's other traces (server logs, say) is not kept. */
function startOfDay(ts: Timestamp): Timestamp {
  const ms = timestampDate(ts).getTime();
  return timestampFromDate(new Date(Math.floor(ms / DAY_MS) * DAY_MS));
}

function getValue(message: AnyMessage, field: DescField): unknown {
  return field.oneof ? (message[field.oneof.localName] as { value?: unknown }).value : message[field.localName];
}

function setValue(message: AnyMessage, field: DescField, value: unknown): void {
  if (field.oneof) message[field.oneof.localName] = { case: field.localName, value };
  else message[field.localName] = value;
}

function leafCopy(field: DescField, value: unknown): unknown {
  if (isTimestampField(field)) return field.fieldKind === "list" ? (value as Timestamp[]).map(startOfDay) : startOfDay(value as Timestamp);
  if (Array.isArray(value)) return [...(value as unknown[])];
  if (value instanceof Uint8Array) return new Uint8Array(value);
  // Wrapper and Duration messages hold plain quantities; copy them so the result shares nothing with the record.
  if (typeof value === "object" && value !== null && "$typeName" in value) return create((field as DescField & { message: DescMessage }).message, value as never);
  return value;
}

function anonymizeWith(plan: MessagePlan, message: AnyMessage): AnyMessage | undefined {
  const out = create(plan.schema) as AnyMessage;
  let kept = false;
  for (const slot of plan.slots) {
    if (slot.kind === "free" || !isFieldSet(message, slot.field)) continue;
    const value = getValue(message, slot.field);
    if (slot.kind === "leaf") {
      if (!survivesAnonymization(slot.rule)) continue;
      setValue(out, slot.field, leafCopy(slot.field, value));
      kept = true;
      continue;
    }
    // Held messages: a map is dropped whole (its keys are unannotated values).
    if (slot.field.fieldKind === "map") continue;
    const child = slot.plan();
    if (slot.field.fieldKind === "list") {
      const items = (value as AnyMessage[]).map((m) => anonymizeWith(child, m)).filter((m): m is AnyMessage => m !== undefined);
      if (items.length === 0) continue;
      setValue(out, slot.field, items);
      kept = true;
    } else {
      const inner = anonymizeWith(child, value as AnyMessage);
      if (!inner) continue;
      setValue(out, slot.field, inner);
      kept = true;
    }
  }
  return kept ? out : undefined;
}

/**
 * What may be kept of a stored record when its account is deleted, or
 * undefined when the record must be erased: always for a message type the
 * pact does not mark `anonymize_on_deletion`, and whenever nothing would
 * survive. The copy (built fresh; it shares nothing with `message`) keeps
 * only leaves the cloud may store whose category is usage data or
 * diagnostics and whose qualifier is anonymized or aggregated under every
 * purpose; timestamps are cut to the start of their UTC day; maps, free-form
 * well-known types and unknown fields are dropped. The caller stores it with
 * no subject, record, device, consent or token id (seed 001 §4.3: "the
 * processed data cannot be re-linked to you").
 */
export function forAnonymization<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): MessageShape<Desc> | undefined {
  if (!mayAnonymize(schema)) return undefined;
  return anonymizeWith(planFor(schema), message as unknown as AnyMessage) as MessageShape<Desc> | undefined;
}
