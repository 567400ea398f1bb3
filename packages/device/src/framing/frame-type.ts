/**
 * What a frame carries. Handshake frames travel in the clear (they carry only
 * ephemeral public keys); every other type is sealed under the session key of
 * its direction.
 */
export enum FrameType {
  /** Initiator (app) -> responder (device): the initiator's ephemeral X25519 public key. Clear. */
  HELLO = 0x01,
  /** Responder -> initiator: the responder's ephemeral X25519 public key. Clear. */
  HELLO_REPLY = 0x02,
  /** Both ways: key confirmation, the transcript hash sealed under the new key. */
  CONFIRM = 0x03,
  /** A pact message: compact type id and protobuf payload. */
  MESSAGE = 0x10,
  /** App -> device: the cloud's nonce and the account to bind to. */
  BINDING_CHALLENGE = 0x11,
  /** Device -> app: the device's binding proof for that challenge. */
  BINDING_PROOF = 0x12,
}

const KNOWN: ReadonlySet<number> = new Set(Object.values(FrameType).filter((v): v is number => typeof v === "number"));

/** Whether `type` is a frame type of this protocol version. */
export function isKnownFrameType(type: number): type is FrameType {
  return KNOWN.has(type);
}

/** Frame types the layer above the link may send and receive. */
export type ApplicationFrameType = FrameType.MESSAGE | FrameType.BINDING_CHALLENGE | FrameType.BINDING_PROOF;

/** Whether `type` belongs to the layer above the link rather than the handshake. */
export function isApplicationFrameType(type: FrameType): type is ApplicationFrameType {
  return type === FrameType.MESSAGE || type === FrameType.BINDING_CHALLENGE || type === FrameType.BINDING_PROOF;
}
