/**
 * The Datapact policy engine: the one reader of the pact's annotations.
 * Everything an SDK or tool decides about a field (may it cross this hop, be
 * stored at this tier, for which purposes, encrypted or not, until when) is
 * answered here from the annotations, compiled once per message type.
 *
 * @packageDocumentation
 */
export * from "./annotations/read.js";
export { identifiability } from "./annotations/qualifier-rank.js";
export * from "./errors/index.js";
export { consentSnapshot, noConsent, type ConsentState, type ProductConsent } from "./consent/consent-state.js";
export { isFunctionOn } from "./consent/function-state.js";
export { planFor, type MessagePlan, type FieldSlot } from "./plan/message-plan.js";
export type { FieldRule } from "./plan/field-rule.js";
export { setLeaves } from "./plan/set-leaves.js";
export { forHop, forStorage, type ProjectionOptions } from "./enforcement/for-hop.js";
export { ProjectionMemo } from "./enforcement/projection-memo.js";
export type { DropListener } from "./enforcement/project.js";
export type { DropReason, Verdict } from "./enforcement/verdict.js";
export { validateStatement } from "./statement/validate-statement.js";
export { statementFor, type StatementContext } from "./statement/statement-for.js";
export { fieldExpiry, recordExpiry, type Expiry } from "./retention/expiry.js";
export { createPolicy, type Policy, type ValidatedRecord } from "./policy.js";
export * from "./lint/index.js";
export * from "./inventory/index.js";
export * from "./labels/index.js";
export * from "./channels/index.js";
export { atRestSealing, partitionAtRest, type AtRestPartition, type AtRestSealing } from "./enforcement/at-rest-partition.js";
export * from "./views/index.js";
export { forAnonymization, mayAnonymize, survivesAnonymization } from "./anonymization/for-anonymization.js";
export { retainedPart, wholeRecordExpiry, type RetainedPart } from "./retention/retained-part.js";
export { withoutPurposes, type NarrowedRecord } from "./withdrawal/without-purposes.js";
export { regionStoredIn, RESIDENCY_RULES, residencyRuleOf, STORAGE_LOCATIONS, type ResidencyRule, type StorageLocation } from "./residency/residency-rules.js";
