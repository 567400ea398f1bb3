/**
 * Interop: the same pact through three Protobuf runtimes (protobuf-es,
 * ts-proto, protobufjs) behind one small {@link WireCodec} interface, the
 * golden wire vectors that hold them to the same bytes and JSON, and the
 * known differences between them, recorded as data.
 */
export { codecNames, type CodecName, type WireCodec } from "./codec/wire-codec.js";
export { CodecFailure, UnknownCodecError, UnknownMessageTypeError } from "./codec/codec-errors.js";
export { codecs, codecFor, isCodecName } from "./codec/codecs.js";
export { protobufEsCodec } from "./protobuf-es/protobuf-es-codec.js";
export { tsProtoCodec } from "./ts-proto/ts-proto-codec.js";
export { protobufjsCodec, type ProtobufjsCodecOptions } from "./protobufjs/protobufjs-codec.js";
export { findPactProtoDir, PactProtoDirNotFoundError } from "./protobufjs/pact-proto-dir.js";
export { goldenTypes, goldenFileOf } from "./golden/golden-types.js";
export { goldenVectorsOf, randomVectorsPerType, seedOf, toHex, fromHex, type GoldenVector } from "./golden/golden-vector.js";
export { craftedMessage, flavors, widestOneof, type CraftOptions, type Flavor } from "./golden/crafted-messages.js";
export { randomMessages, jsonSafeWellKnown } from "./golden/random-messages.js";
export {
  expectedGoldenFiles,
  formatGoldenFile,
  knownDifferencesFile,
  readGoldenFiles,
  readGoldenVectors,
  writeGoldenFiles,
  type GoldenTypeVectors,
} from "./golden/golden-files.js";
export { hasSpecialJson, type DifferenceAspect, type FieldDifference } from "./difference/field-difference.js";
export { jsonDifferences } from "./difference/json-differences.js";
export { messageDifferences } from "./difference/message-differences.js";
export { wireFormDifferences } from "./difference/wire-form-differences.js";
export { decodeDifferences, encodeDifferences, goldenDifferences, type Direction, type ObservedDifference } from "./difference/observed-difference.js";
export {
  describeDifference,
  examplesOf,
  explains,
  InvalidKnownDifferencesError,
  parseKnownDifferences,
  refreshedKnownDifferences,
  selectorFor,
  selects,
  tallyDifferences,
  type DifferenceTally,
  type FieldSelector,
  type KnownDifference,
  type KnownDifferencesFile,
  type ScalarTypeName,
} from "./difference/known-difference.js";
