/**
 * The pact's generated schemas: the privacy vocabulary (flat), each product
 * and service package as a namespace, and every file descriptor.
 *
 * @packageDocumentation
 */
export * from "./gen/index.js";
