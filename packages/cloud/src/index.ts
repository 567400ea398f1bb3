/**
 * The Datapact cloud SDK.
 *
 * @packageDocumentation
 */
export * from "./storage/index.js";
export * from "./keys/index.js";
export * from "./identity/index.js";
