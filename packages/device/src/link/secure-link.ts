import { DeviceSdkError } from "../errors/device-sdk-error.js";
import { LinkClosedError } from "../errors/link-closed-error.js";
import { MalformedFrameError } from "../errors/malformed-frame-error.js";
import { NotPairedError } from "../errors/not-paired-error.js";
import { OversizedMessageError } from "../errors/oversized-message-error.js";
import { PairingError } from "../errors/pairing-error.js";
import { SequenceExhaustedError } from "../errors/sequence-exhausted-error.js";
import { chunkFrame, decodeChunk } from "../framing/chunk.js";
import { decodeFrame, encodeFrame, encodeFrameHeader, FRAME_HEADER_BYTES, type Frame } from "../framing/frame.js";
import { FrameType, isApplicationFrameType, type ApplicationFrameType } from "../framing/frame-type.js";
import { Reassembler } from "../framing/reassembler.js";
import { AUTH_TAG_BYTES, openFrameBody, sealFrameBody } from "../session/frame-cipher.js";
import { ReceiveSequence } from "../session/receive-sequence.js";
import { deriveSessionKeys, type SessionKeys } from "../session/session-keys.js";
import { generateX25519KeyPair, x25519SharedSecret, X25519_KEY_BYTES, type X25519KeyPair } from "../session/x25519.js";
import type { ByteTransport } from "../transport/byte-transport.js";

/** Which end of the link: the app initiates pairing, the device answers. */
export type LinkRole = "app" | "device";

/** Options of a {@link SecureLink}. */
export interface SecureLinkOptions {
  readonly role: LinkRole;
  /** Largest body `send` accepts (and a received frame may carry), in bytes. Default 65536. */
  readonly maxMessageBytes?: number;
  /** A secret both ends know out of band (printed code, QR code); without it pairing is unauthenticated ECDH. */
  readonly outOfBandSecret?: Uint8Array;
  /** How long `pair()` waits. Default 10 s. */
  readonly pairingTimeoutMs?: number;
}

/** What a finished pairing established. */
export interface PairingResult {
  /** Six digits for numeric comparison; equal on both ends unless someone sat in the middle. */
  readonly pairingCode: string;
  /** This end's ephemeral X25519 public key. */
  readonly localPublicKey: Uint8Array;
  /** The peer's ephemeral X25519 public key. */
  readonly peerPublicKey: Uint8Array;
}

/** Counters of what the link did, for tests and diagnostics. */
export interface LinkStats {
  readonly framesSent: number;
  readonly framesAccepted: number;
  /** Frames or packets refused, by error code. */
  readonly rejected: Readonly<Record<string, number>>;
}

/** The receive-side state that bad input must never change. */
export interface LinkReceiveState {
  readonly paired: boolean;
  readonly lastAcceptedSequence: number;
}

interface Session {
  readonly keys: SessionKeys;
  readonly sendKey: Uint8Array;
  readonly receiveKey: Uint8Array;
  readonly localPublicKey: Uint8Array;
  readonly peerPublicKey: Uint8Array;
  readonly receive: ReceiveSequence;
  nextSend: number;
}

type LinkState =
  | { readonly kind: "idle" }
  | { readonly kind: "awaiting-reply"; readonly ephemeral: X25519KeyPair }
  | { readonly kind: "awaiting-confirm"; readonly session: Session }
  | { readonly kind: "paired"; readonly session: Session }
  | { readonly kind: "closed" };

const DEFAULT_MAX_MESSAGE_BYTES = 65_536;
const MAX_SEQUENCE = 0xffff_ffff;
/** CONFIRM is always the first sealed frame of a session in each direction. */
const CONFIRM_SEQUENCE = 1;

/**
 * An encrypted, framed link over a small-MTU {@link ByteTransport}.
 *
 * Pairing: the app sends its ephemeral X25519 key (HELLO), the device
 * answers with its own (HELLO_REPLY), both derive one AES-256-GCM key per
 * direction with HKDF-SHA256, and each proves it holds the keys by sealing
 * the transcript hash in a CONFIRM frame. After that every frame is sealed,
 * its 10-byte header as AAD and its sequence number as nonce; sequence
 * numbers strictly increase per direction.
 *
 * Bad input policy: a frame that is truncated, garbage, oversized,
 * unauthentic, replayed, reordered or of an unknown type is dropped and
 * reported to `onError` listeners with a typed error; nothing about the
 * session changes (the receive sequence moves only for frames that
 * authenticate), so good frames that follow are accepted. The link never
 * closes itself over a bad frame: a forger could otherwise cut any link with
 * one packet.
 */
export class SecureLink {
  readonly role: LinkRole;
  readonly maxMessageBytes: number;
  private readonly maxFrameBytes: number;
  private readonly reassembler: Reassembler;
  private readonly frameListeners = new Set<(type: ApplicationFrameType, body: Uint8Array) => void>();
  private readonly errorListeners = new Set<(error: Error) => void>();
  private readonly closeListeners = new Set<() => void>();
  private state: LinkState = { kind: "idle" };
  private pairing: { promise: Promise<PairingResult>; resolve: (r: PairingResult) => void; reject: (e: Error) => void; timer?: NodeJS.Timeout } | undefined;
  private sendChain: Promise<void> = Promise.resolve();
  private framesSent = 0;
  private framesAccepted = 0;
  private readonly rejected: Record<string, number> = {};
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly transport: ByteTransport,
    private readonly options: SecureLinkOptions,
  ) {
    this.role = options.role;
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    if (!Number.isInteger(this.maxMessageBytes) || this.maxMessageBytes < 1) throw new RangeError("maxMessageBytes must be a positive integer");
    this.maxFrameBytes = FRAME_HEADER_BYTES + this.maxMessageBytes + AUTH_TAG_BYTES;
    this.reassembler = new Reassembler(this.maxFrameBytes);
    this.unsubscribe = [transport.onReceive((p) => this.receivePacket(p)), transport.onClose(() => this.shut())];
  }

  /** Whether pairing finished and sealed frames flow. */
  get paired(): boolean {
    return this.state.kind === "paired";
  }

  get closed(): boolean {
    return this.state.kind === "closed";
  }

  /** The six-digit comparison code of the current session, once paired. */
  get pairingCode(): string | undefined {
    return this.state.kind === "paired" ? this.state.session.keys.pairingCode : undefined;
  }

  get stats(): LinkStats {
    return { framesSent: this.framesSent, framesAccepted: this.framesAccepted, rejected: { ...this.rejected } };
  }

  get receiveState(): LinkReceiveState {
    const s = this.state;
    return { paired: s.kind === "paired", lastAcceptedSequence: s.kind === "paired" || s.kind === "awaiting-confirm" ? s.session.receive.lastAccepted : 0 };
  }

  /**
   * Pairs with the other end. On the app it sends HELLO; on the device it
   * waits for the app's HELLO (a device answers HELLO even before `pair()` is
   * called). Resolves once both CONFIRM frames checked out; rejects with
   * PairingError (timeout, invalid key, failed key confirmation) or
   * LinkClosedError.
   */
  pair(): Promise<PairingResult> {
    if (this.state.kind === "closed") return Promise.reject(new LinkClosedError());
    if (this.state.kind === "paired") return Promise.resolve(this.resultOf(this.state.session));
    if (!this.pairing) {
      let resolve!: (r: PairingResult) => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<PairingResult>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.pairing = { promise, resolve, reject };
      const timeout = this.options.pairingTimeoutMs ?? 10_000;
      this.pairing.timer = setTimeout(() => this.failPairing(new PairingError("TIMEOUT")), timeout);
      this.pairing.timer.unref?.();
    }
    const pending = this.pairing.promise;
    if (this.role === "app" && this.state.kind === "idle") {
      const ephemeral = generateX25519KeyPair();
      this.state = { kind: "awaiting-reply", ephemeral };
      this.enqueue(FrameType.HELLO, 0, ephemeral.publicKey).catch((e: unknown) => this.failPairing(e as Error));
    }
    return pending;
  }

  /**
   * Seals and sends one frame of the layer above. Rejects, before anything
   * is sent and without using a sequence number, with NotPairedError,
   * LinkClosedError, OversizedMessageError or SequenceExhaustedError.
   */
  send(type: ApplicationFrameType, body: Uint8Array): Promise<void> {
    if (this.state.kind === "closed") return Promise.reject(new LinkClosedError());
    if (this.state.kind !== "paired") return Promise.reject(new NotPairedError());
    if (!isApplicationFrameType(type)) return Promise.reject(new RangeError("only application frame types can be sent"));
    if (body.length > this.maxMessageBytes) return Promise.reject(new OversizedMessageError(body.length, this.maxMessageBytes));
    const session = this.state.session;
    if (session.nextSend > MAX_SEQUENCE) return Promise.reject(new SequenceExhaustedError());
    const sequence = session.nextSend++;
    return this.enqueueSealed(session, type, sequence, body);
  }

  /** Calls `listener` with every authenticated frame of the layer above. */
  onFrame(listener: (type: ApplicationFrameType, body: Uint8Array) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  /** Calls `listener` with every refused packet or frame (typed errors; never values). */
  onError(listener: (error: Error) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Calls `listener` once when the link closes. */
  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Forgets the session keys and closes the transport. */
  async close(): Promise<void> {
    this.shut();
    await this.transport.close();
  }

  /**
   * One transport packet in. Never throws: every failure becomes a typed
   * error reported to `onError` and counted in `stats.rejected`.
   */
  private receivePacket(packet: Uint8Array): void {
    if (this.state.kind === "closed") return;
    try {
      const chunk = decodeChunk(packet, this.maxFrameBytes);
      const { frame, discarded } = this.reassembler.accept(chunk);
      if (discarded) this.reject(discarded);
      if (frame) this.receiveFrame(decodeFrame(frame, this.maxMessageBytes + AUTH_TAG_BYTES));
    } catch (error) {
      this.reject(error as Error);
    }
  }

  private receiveFrame(frame: Frame): void {
    switch (frame.type) {
      case FrameType.HELLO:
        return this.receiveHello(frame);
      case FrameType.HELLO_REPLY:
        return this.receiveHelloReply(frame);
      case FrameType.CONFIRM:
        return this.receiveConfirm(frame);
      default:
        return this.receiveSealed(frame, frame.type as ApplicationFrameType);
    }
  }

  private receiveHello(frame: Frame): void {
    // A paired device ignores HELLO: a stranger must not be able to reset a live session.
    if (this.role !== "device" || this.state.kind === "paired") throw new MalformedFrameError("UNEXPECTED_FRAME");
    if (frame.body.length !== X25519_KEY_BYTES) throw new MalformedFrameError("BAD_HANDSHAKE_BODY");
    const ephemeral = generateX25519KeyPair();
    const session = this.deriveSession(ephemeral, frame.body);
    if (!session) return;
    this.state = { kind: "awaiting-confirm", session };
    const failed = (e: unknown) => this.failPairing(e as Error);
    this.enqueue(FrameType.HELLO_REPLY, 0, ephemeral.publicKey).catch(failed);
    this.enqueueSealed(session, FrameType.CONFIRM, session.nextSend++, session.keys.transcript).catch(failed);
  }

  private receiveHelloReply(frame: Frame): void {
    if (this.role !== "app" || this.state.kind !== "awaiting-reply") throw new MalformedFrameError("UNEXPECTED_FRAME");
    if (frame.body.length !== X25519_KEY_BYTES) throw new MalformedFrameError("BAD_HANDSHAKE_BODY");
    const session = this.deriveSession(this.state.ephemeral, frame.body);
    if (!session) return;
    this.state = { kind: "awaiting-confirm", session };
    this.enqueueSealed(session, FrameType.CONFIRM, session.nextSend++, session.keys.transcript).catch((e: unknown) => this.failPairing(e as Error));
  }

  private deriveSession(ephemeral: X25519KeyPair, peerPublicKey: Uint8Array): Session | undefined {
    let shared: Uint8Array;
    try {
      shared = x25519SharedSecret(ephemeral.privateKey, peerPublicKey);
    } catch (error) {
      this.failPairing(error as Error);
      return undefined;
    }
    const app = this.role === "app" ? ephemeral.publicKey : peerPublicKey;
    const device = this.role === "app" ? peerPublicKey : ephemeral.publicKey;
    const keys = deriveSessionKeys(shared, app, device, this.options.outOfBandSecret);
    return {
      keys,
      sendKey: this.role === "app" ? keys.appToDevice : keys.deviceToApp,
      receiveKey: this.role === "app" ? keys.deviceToApp : keys.appToDevice,
      localPublicKey: ephemeral.publicKey,
      peerPublicKey: peerPublicKey.slice(),
      receive: new ReceiveSequence(),
      nextSend: CONFIRM_SEQUENCE,
    };
  }

  private receiveConfirm(frame: Frame): void {
    if (this.state.kind !== "awaiting-confirm") throw new MalformedFrameError("UNEXPECTED_FRAME");
    const session = this.state.session;
    let transcript: Uint8Array;
    try {
      session.receive.check(frame.sequence);
      transcript = openFrameBody(session.receiveKey, frame.sequence, frame.header, frame.body);
    } catch {
      this.failPairing(new PairingError("KEY_CONFIRMATION_FAILED"));
      return;
    }
    if (Buffer.compare(transcript, session.keys.transcript) !== 0) {
      this.failPairing(new PairingError("KEY_CONFIRMATION_FAILED"));
      return;
    }
    session.receive.accept(frame.sequence);
    this.framesAccepted++;
    this.state = { kind: "paired", session };
    const pairing = this.pairing;
    this.pairing = undefined;
    if (pairing) {
      clearTimeout(pairing.timer);
      pairing.resolve(this.resultOf(session));
    }
  }

  private receiveSealed(frame: Frame, type: ApplicationFrameType): void {
    if (this.state.kind !== "paired") throw new NotPairedError();
    const session = this.state.session;
    session.receive.check(frame.sequence);
    const body = openFrameBody(session.receiveKey, frame.sequence, frame.header, frame.body);
    session.receive.accept(frame.sequence);
    this.framesAccepted++;
    for (const listener of [...this.frameListeners]) {
      try {
        listener(type, body);
      } catch {
        // The layer above reports its own failures; one listener must not starve the others.
      }
    }
  }

  private resultOf(session: Session): PairingResult {
    return { pairingCode: session.keys.pairingCode, localPublicKey: session.localPublicKey.slice(), peerPublicKey: session.peerPublicKey.slice() };
  }

  private failPairing(error: Error): void {
    if (this.state.kind === "paired" || this.state.kind === "closed") return;
    this.state = { kind: "idle" };
    this.reject(error);
    const pairing = this.pairing;
    this.pairing = undefined;
    if (pairing) {
      clearTimeout(pairing.timer);
      pairing.reject(error);
    }
  }

  private enqueueSealed(session: Session, type: FrameType, sequence: number, plaintext: Uint8Array): Promise<void> {
    const header = encodeFrameHeader(type, sequence, plaintext.length + AUTH_TAG_BYTES);
    const body = sealFrameBody(session.sendKey, sequence, header, plaintext);
    return this.enqueueFrame(header, body, sequence);
  }

  private enqueue(type: FrameType, sequence: number, body: Uint8Array): Promise<void> {
    return this.enqueueFrame(encodeFrameHeader(type, sequence, body.length), body, sequence);
  }

  /**
   * Sends the chunks of one frame after those of every frame queued before
   * it, so frames leave in sequence order and the receiver never sees a
   * later frame complete before an earlier one.
   */
  private enqueueFrame(header: Uint8Array, body: Uint8Array, sequence: number): Promise<void> {
    const packets = chunkFrame(encodeFrame(header, body), sequence, this.transport.mtu);
    const sent = this.sendChain.then(async () => {
      if (this.state.kind === "closed") throw new LinkClosedError();
      for (const packet of packets) await this.transport.send(packet);
      this.framesSent++;
    });
    this.sendChain = sent.catch(() => undefined);
    return sent;
  }

  private reject(error: Error): void {
    const code = error instanceof DeviceSdkError ? error.code : "INTERNAL";
    this.rejected[code] = (this.rejected[code] ?? 0) + 1;
    for (const listener of [...this.errorListeners]) {
      try {
        listener(error);
      } catch {
        // As for frame listeners.
      }
    }
  }

  private shut(): void {
    if (this.state.kind === "closed") return;
    this.state = { kind: "closed" };
    this.reassembler.clear();
    for (const u of this.unsubscribe) u();
    const pairing = this.pairing;
    this.pairing = undefined;
    if (pairing) {
      clearTimeout(pairing.timer);
      pairing.reject(new LinkClosedError());
    }
    for (const listener of [...this.closeListeners]) {
      try {
        listener();
      } catch {
        // As above.
      }
    }
    this.closeListeners.clear();
  }
}
