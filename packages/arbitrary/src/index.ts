/**
 * fast-check arbitraries derived from Protobuf descriptors.
 *
 * @packageDocumentation
 */
export { messageArbitrary, scalarArbitrary, type MessageArbitraryOptions } from "./message-arbitrary.js";
export { replayable, type ReplayableParameters } from "./replayable.js";
