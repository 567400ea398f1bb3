/**
 * fast-check arbitraries derived from Protobuf descriptors, and annotated
 * schema files built in code for tests.
 *
 * @packageDocumentation
 */
export { messageArbitrary, scalarArbitrary, type MessageArbitraryOptions } from "./message-arbitrary.js";
export { replayable, type ReplayableParameters } from "./replayable.js";
export {
  annotatedFile,
  type AnnotatedField,
  type AnnotatedFileSpec,
  type AnnotatedMessage,
  type FieldPolicyInit,
  type MessagePolicyInit,
  type ProductPolicyInit,
} from "./annotated-schema.js";
