/**
 * The Datapact device SDK: an encrypted, framed link over any small-MTU
 * byte transport (ECDH pairing, AES-256-GCM per direction, strict
 * sequence numbers), pact messages on it projected by the policy engine,
 * binding proofs, a device store that asks the policy before every write,
 * a display sink for display-only data, and function gating.
 *
 * @packageDocumentation
 */
export * from "./errors/index.js";

export type { ByteTransport } from "./transport/byte-transport.js";
export { createMemoryTransportPair, type MemoryDirection, type MemoryTransportOptions, type PacketInterceptor } from "./transport/memory-transport.js";
export { connectTcpTransport, listenTcpTransport, TcpTransport, type TcpTransportListener, type TcpTransportOptions } from "./transport/tcp-transport.js";

export { FrameType, type ApplicationFrameType } from "./framing/frame-type.js";
export { decodeFrame, encodeFrame, encodeFrameHeader, FRAME_HEADER_BYTES, PROTOCOL_VERSION, type Frame } from "./framing/frame.js";
export { chunkFrame, CHUNK_HEADER_BYTES, decodeChunk, type Chunk } from "./framing/chunk.js";
export { Reassembler, type ReassemblyResult } from "./framing/reassembler.js";

export { AUTH_TAG_BYTES } from "./session/frame-cipher.js";
export { deriveSessionKeys, type SessionKeys } from "./session/session-keys.js";
export { generateX25519KeyPair, X25519_KEY_BYTES, type X25519KeyPair } from "./session/x25519.js";

export { SecureLink, type LinkReceiveState, type LinkRole, type LinkStats, type PairingResult, type SecureLinkOptions } from "./link/secure-link.js";

export { MessageCatalog, messageTypeId, TYPE_ID_BYTES } from "./messages/message-catalog.js";
export { decodeMessageEnvelope, encodeMessageEnvelope, type MessageEnvelope } from "./messages/message-envelope.js";
export { PactMessenger, type ReceivedMessage, type SendOutcome } from "./messages/pact-messenger.js";
export type { DroppedField } from "./messages/dropped-field.js";
export { PLATFORM_CONTROL_SCHEMAS } from "./messages/platform-control.js";

export { BINDING_NONCE_BYTES, decodeBindingChallenge, encodeBindingChallenge, newBindingChallenge, type BindingChallenge } from "./binding/binding-challenge.js";
export { BINDING_TAG_BYTES, bindingProofMessage, createBindingProof, decodeBindingProof, encodeBindingProof, type BindingProof } from "./binding/binding-proof.js";
export { BindingVerifier, type BindingVerifierOptions, type VerifiedBinding } from "./binding/binding-verifier.js";
export { canonicalMac } from "./binding/binding-fields.js";
export { deriveFactoryKey, FACTORY_KEY_BYTES } from "./binding/factory-key.js";

export type { KeyValueBackend } from "./storage/key-value-backend.js";
export { MemoryBackend } from "./storage/memory-backend.js";
export { FileBackend } from "./storage/file-backend.js";
export { DeviceStore, RECORD_NAMESPACE, type DeviceStoreOptions, type StoreOutcome } from "./storage/device-store.js";
export { AT_REST_KEY_BYTES } from "./storage/stored-record.js";

export type { DisplayItem, DisplaySink } from "./display/display-sink.js";
export { MemoryScreen } from "./display/memory-screen.js";

export { FunctionSwitches } from "./functions/function-switches.js";
export { DeviceConsent, type DeviceConsentSnapshot } from "./functions/device-consent.js";
export { FunctionGatedEmitter } from "./functions/function-gated-emitter.js";

export { Device, type DeviceMessageListener, type DeviceOptions } from "./device/device.js";
export type { DeviceIdentity } from "./device/device-identity.js";
export type { DeviceBinding } from "./device/device-settings.js";
