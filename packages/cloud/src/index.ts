/**
 * The Datapact cloud SDK.
 *
 * @packageDocumentation
 */
export * from "./storage/index.js";
export * from "./keys/index.js";
export * from "./identity/index.js";
export * from "./server/index.js";
export * from "./services/index.js";
export * from "./auth/index.js";
export * from "./logging/index.js";
export * from "./manufacturers/index.js";
export * from "./scenes/index.js";
export * from "./rights/index.js";
export * from "./retention/index.js";
export * from "./residency/index.js";
