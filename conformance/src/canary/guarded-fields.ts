import type { DescField } from "@bufbuild/protobuf";
import { planFor, type ConsentState, type FieldRule, type MessagePlan } from "@datapact/policy";
import { Flow, type Purpose, type Tier } from "@datapact/proto";

/** A field as a canary selector sees it: its rule and its message's plan, both from @datapact/policy. */
export interface GuardCandidate {
  readonly field: DescField;
  /** Undefined for fields of control and envelope messages, and for message-typed fields. */
  readonly rule: FieldRule | undefined;
  readonly plan: MessagePlan;
}

/** Chooses the fields whose generated values become canaries. */
export type FieldSelector = (candidate: GuardCandidate) => boolean;

/** The candidate for a field, asking the policy engine for its rule. */
export function guardCandidate(field: DescField): GuardCandidate {
  const plan = planFor(field.parent);
  return { field, plan, rule: plan.ruleFor(field.number) };
}

/**
 * Selectors for the fields invariants guard, each answered by the policy
 * engine's compiled plans (never by field names).
 */
export const guardedFields = {
  /** Display-only values (notification text, caller, music): never stored, never beyond device<->app. */
  displayOnly: (({ rule }) => rule?.flow === Flow.DISPLAY_ONLY) as FieldSelector,
  /** Values a third party collects directly (card data): never accepted. */
  thirdPartyDirect: (({ rule }) => rule?.thirdPartyDirect === true) as FieldSelector,
  /** Values kept on the device only. */
  deviceOnly: (({ rule }) => rule?.flow === Flow.DEVICE) as FieldSelector,
  /** Every annotated value. */
  annotated: (({ rule }) => rule?.policy !== undefined) as FieldSelector,
  /** Values used for `purpose` (declared or in a `uses` entry). */
  usedFor: (purpose: Purpose): FieldSelector => ({ rule }) => rule?.purposes.includes(purpose) ?? false,
  /** Values that are stored field-encrypted at `tier`. */
  encryptedAt: (tier: Tier): FieldSelector => ({ rule }) => rule?.encryptedAt.has(tier) ?? false,
  /** Values with a purpose the user has not consented to under `consent`. */
  notConsented: (consent: ConsentState): FieldSelector => ({ rule, plan }) =>
    rule !== undefined && rule.purposes.some((p) => !consent.allowsPurpose(plan.productId, p)),
  /** Values of messages whose function is off by default. */
  offByDefault: (({ rule, plan }) => rule !== undefined && plan.offByDefault) as FieldSelector,
  /** Any of the selectors. */
  anyOf: (...selectors: FieldSelector[]): FieldSelector => (c) => selectors.some((s) => s(c)),
};
