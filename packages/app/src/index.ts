/**
 * The Datapact app SDK, for the companion app a manufacturer ships: consent
 * receipts, function and upload switches, the User Experience Improvement
 * Plan, the sync client with its offline queue, consent mirroring and device
 * sharing. Every privacy decision is asked of `@datapact/policy`; nothing
 * here names a product, a field or a function.
 *
 * @packageDocumentation
 */
export * from "./app-sdk/index.js";
export * from "./consent/index.js";
export * from "./consent-cloud/index.js";
export * from "./errors/index.js";
export * from "./outbox/index.js";
export * from "./sharing/index.js";
export * from "./storage/index.js";
export * from "./sync/index.js";
export * from "./transport/index.js";
export * from "./uxip/index.js";
export * from "./binding/index.js";
