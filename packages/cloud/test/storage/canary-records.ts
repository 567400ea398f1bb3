// Records of real product types for storage tests: every string or bytes
// leaf the pact lets the cloud store gets a unique marker, SEALED-... where
// the pact stores it field-encrypted at the cloud, PLAIN-... elsewhere, so
// tests can look for them in raw rows.
import { randomBytes } from "node:crypto";
import { create, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import { consentSnapshot, forStorage, planFor, statementFor } from "@datapact/policy";
import { band, home, Purpose, router, scale, Tier, wear, type DataUseStatement } from "@datapact/proto";
import type { RecordToStore } from "../../src/index.js";

/** Product types whose cloud copy mixes sealed and plain leaves (or is all sealed). */
export const CANARY_TYPES: readonly DescMessage[] = [
  band.AccountProfileRecordSchema,
  band.FeedbackRecordSchema,
  home.PhoneInfoSchema,
  home.DeviceBindingSchema,
  home.AccountProfileSchema,
  wear.WatchRegistrationSchema,
  wear.FeedbackSubmissionSchema,
  router.SupportRequestSchema,
  scale.GuestAccountRecordSchema,
];

/** A record with its markers: which sit in sealed leaves and which in plain ones. */
export interface CanaryRecord {
  readonly record: RecordToStore;
  /** The message as the cloud stores it (forStorage at the cloud). */
  readonly stored: Message;
  readonly sealedCanaries: readonly string[];
  readonly plainMarkers: readonly string[];
}

const ALL_PURPOSES = [Purpose.FUNCTIONALITY, Purpose.ANALYTICS, Purpose.PERSONALIZATION, Purpose.ADVERTISING];

/** Consent to everything for the schema's product, with its function on. */
export function fullConsentFor(schema: DescMessage) {
  const plan = planFor(schema);
  return consentSnapshot({ [plan.productId]: { purposes: ALL_PURPOSES, enabledFunctions: plan.fn ? [plan.fn] : [] } });
}

/** The honest statement for a stored message. */
export function statementOf(schema: DescMessage, message: Message): DataUseStatement {
  return statementFor(schema, message as never, { consent: fullConsentFor(schema), policyVersion: "2024-01", consentReceiptId: "receipt-1" });
}

function isTextOrBytes(field: DescField): boolean {
  const scalar = field.fieldKind === "scalar" || (field.fieldKind === "list" && field.listKind === "scalar") ? field.scalar : undefined;
  return scalar === 9 || scalar === 12; // STRING, BYTES
}

/**
 * A record of `schema` whose top-level string and bytes leaves that the
 * cloud may store carry fresh markers.
 */
export function canaryRecord(schema: DescMessage, recordId: string, options: { collectedAt?: Date; deviceId?: string; expiresAt?: Date } = {}): CanaryRecord {
  const plan = planFor(schema);
  const init: Record<string, unknown> = {};
  const sealedCanaries: string[] = [];
  const plainMarkers: string[] = [];
  for (const slot of plan.slots) {
    if (slot.kind !== "leaf" || !slot.rule.tiers.has(Tier.CLOUD) || !isTextOrBytes(slot.field) || slot.field.oneof) continue;
    const sealed = slot.rule.encryptedAt.has(Tier.CLOUD);
    const marker = `${sealed ? "SEALED" : "PLAIN"}-${randomBytes(9).toString("hex")}`;
    (sealed ? sealedCanaries : plainMarkers).push(marker);
    const value = slot.field.scalar === 12 ? Buffer.from(marker) : marker;
    init[slot.field.localName] = slot.field.fieldKind === "list" ? [value] : value;
  }
  const message = create(schema, init as never);
  const stored = forStorage(schema, message, Tier.CLOUD);
  return {
    record: {
      recordId,
      schema,
      message: stored,
      statement: statementOf(schema, stored),
      collectedAt: options.collectedAt ?? new Date(Date.UTC(2024, 0, 1)),
      deviceId: options.deviceId,
      expiresAt: options.expiresAt,
    },
    stored,
    sealedCanaries,
    plainMarkers,
  };
}
