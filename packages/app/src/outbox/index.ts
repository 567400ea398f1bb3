export { defaultRetry, type RetryOptions } from "./backoff.js";
export type { OutboxDropReason, OutboxEvent, OutboxName } from "./outbox-event.js";
export type { DroppedField, SubmitOptions, SubmitOutcome } from "./outbox.js";
