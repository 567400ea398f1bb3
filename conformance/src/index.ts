/**
 * The Datapact conformance kit: drives any implementation of the pact (the
 * testee) through the harness protocol, observes every sink it could leak
 * into, and certifies invariants with canaries and generated scenarios.
 *
 * @packageDocumentation
 */
export * from "./protocol/index.js";
export * from "./testee/index.js";
export * from "./http/index.js";
export * from "./observe/index.js";
export * from "./canary/index.js";
export * from "./runner/index.js";
export * from "./report/index.js";
export * from "./certification/index.js";
export { allInvariants } from "./invariants/index.js";
export {
  codecNames,
  codecs,
  codecFor,
  isCodecName,
  protobufEsCodec,
  tsProtoCodec,
  protobufjsCodec,
  findPactProtoDir,
  CodecFailure,
  UnknownCodecError,
  UnknownMessageTypeError,
  PactProtoDirNotFoundError,
  type CodecName,
  type WireCodec,
  type ProtobufjsCodecOptions,
} from "./interop/index.js";
