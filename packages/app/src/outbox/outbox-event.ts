import type { Code } from "@connectrpc/connect";

/** Which outbox: records sent as the account, or UXIP analytics sent with the install token. */
export type OutboxName = "account" | "analytics";

/** Why an outbox let a record go without sending it. */
export type OutboxDropReason =
  /** Consent, a function switch or an upload switch no longer lets any of it leave. */
  | "NO_CONSENT"
  /** Nothing of it may be written at the app tier, and the cloud was unreachable. */
  | "NOT_STORABLE"
  /** Its message type is not in the registry. */
  | "UNKNOWN_TYPE"
  /** The stored entry does not decode. */
  | "CORRUPT"
  /** The user left the User Experience Improvement Plan. */
  | "OPTED_OUT";

/** What the outboxes report; ids and codes only, never values. */
export type OutboxEvent =
  | { readonly kind: "sent"; readonly outbox: OutboxName; readonly recordIds: readonly string[] }
  | { readonly kind: "queued"; readonly outbox: OutboxName; readonly recordId: string }
  | { readonly kind: "dropped"; readonly outbox: OutboxName; readonly recordId?: string; readonly reason: OutboxDropReason }
  | { readonly kind: "rejected"; readonly outbox: OutboxName; readonly recordId: string; readonly connectCode: Code }
  | { readonly kind: "retry-scheduled"; readonly outbox: OutboxName; readonly delayMs: number; readonly connectCode: Code }
  | { readonly kind: "flush-failed"; readonly outbox: OutboxName; readonly errorName: string }
  /** The cloud erased what a left UXIP enrolment collected; its token is forgotten. */
  | { readonly kind: "install-data-erased"; readonly outbox: "analytics" }
  /** The cloud was unreachable: the erasure is asked again on the next flush. */
  | { readonly kind: "install-erasure-deferred"; readonly outbox: "analytics"; readonly connectCode: Code }
  /** The cloud refused the erasure for good (it holds nothing under the token); the token is forgotten. */
  | { readonly kind: "install-erasure-refused"; readonly outbox: "analytics"; readonly connectCode: Code };
