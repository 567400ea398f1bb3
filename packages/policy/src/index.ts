/**
 * The Datapact policy engine: the one reader of the pact's annotations.
 *
 * @packageDocumentation
 */
export * from "./annotations/read.js";
