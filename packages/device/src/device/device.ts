import { isMessage, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { forStorage, planFor, setLeaves } from "@datapact/policy";
import { cloud, Flow, Tier } from "@datapact/proto";
import { decodeBindingChallenge } from "../binding/binding-challenge.js";
import { canonicalMac } from "../binding/binding-fields.js";
import { createBindingProof, encodeBindingProof } from "../binding/binding-proof.js";
import type { DisplaySink } from "../display/display-sink.js";
import { DeviceConsent } from "../functions/device-consent.js";
import { FunctionGatedEmitter } from "../functions/function-gated-emitter.js";
import { FrameType } from "../framing/frame-type.js";
import { SecureLink, type PairingResult, type SecureLinkOptions } from "../link/secure-link.js";
import type { MessageCatalog } from "../messages/message-catalog.js";
import { PactMessenger, type ReceivedMessage, type SendOutcome } from "../messages/pact-messenger.js";
import { PLATFORM_CONTROL_SCHEMAS } from "../messages/platform-control.js";
import { generateX25519KeyPair } from "../session/x25519.js";
import { DeviceStore } from "../storage/device-store.js";
import type { KeyValueBackend } from "../storage/key-value-backend.js";
import { SerializedBackend } from "../storage/serialized-backend.js";
import type { ByteTransport } from "../transport/byte-transport.js";
import type { DeviceIdentity } from "./device-identity.js";
import { DeviceSettings, type DeviceBinding } from "./device-settings.js";

/** Options of {@link Device.open}. */
export interface DeviceOptions {
  /** The link to the app (BLE GATT in a real device). */
  readonly transport: ByteTransport;
  /** The product's message types; the platform control messages are added. */
  readonly catalog: MessageCatalog;
  /** Where everything the device keeps lives. */
  readonly backend: KeyValueBackend;
  /** The screen, for display-only data. */
  readonly display: DisplaySink;
  readonly identity: DeviceIdentity;
  /** Key for values the pact keeps field-encrypted on the device. */
  readonly atRestKey?: Uint8Array;
  readonly link?: Omit<SecureLinkOptions, "role">;
  readonly now?: () => Date;
}

/** Called with every message for the firmware; may be async (the device handles messages one at a time). */
export type DeviceMessageListener = (received: ReceivedMessage) => void | Promise<void>;

/**
 * The device end of the pact: a paired link to the app, the device's store,
 * its screen, its consent and function switches, and its binding.
 *
 * - Messages that carry display-only values go to the display sink; the
 *   firmware's listeners see only what the device may keep of them
 *   (`forStorage(..., Tier.DEVICE)`), so a handler that stores what it is
 *   given still cannot store a notification.
 * - Control messages from the app set consent and function switches
 *   (persisted), and unbind or factory-reset the device.
 * - `emit` produces a frame only when the message's function is on.
 * - `unbind()` and `factoryReset()` erase everything the device stores.
 */
export class Device {
  readonly link: SecureLink;
  readonly messenger: PactMessenger;
  readonly store: DeviceStore;
  readonly consent: DeviceConsent;
  readonly display: DisplaySink;
  private readonly emitter: FunctionGatedEmitter;
  private readonly listeners = new Set<DeviceMessageListener>();
  private readonly errorListeners = new Set<(error: Error) => void>();
  private work: Promise<void> = Promise.resolve();
  private currentBinding: DeviceBinding | undefined;
  private readonly now: () => Date;

  private constructor(
    private readonly options: DeviceOptions,
    private readonly backend: KeyValueBackend,
    private readonly settings: DeviceSettings,
    consent: DeviceConsent,
    binding: DeviceBinding | undefined,
  ) {
    this.now = options.now ?? (() => new Date());
    this.consent = consent;
    this.currentBinding = binding;
    this.display = options.display;
    this.store = new DeviceStore(backend, { consent, atRestKey: options.atRestKey, now: this.now });
    this.link = new SecureLink(options.transport, { ...options.link, role: "device" });
    this.messenger = new PactMessenger(this.link, options.catalog.with(PLATFORM_CONTROL_SCHEMAS), consent);
    this.emitter = new FunctionGatedEmitter(this.messenger, consent);
    this.link.onError((e) => this.report(e));
    this.messenger.onError((e) => this.report(e));
    this.messenger.onMessage((m) => this.enqueue(() => this.handleMessage(m)));
    this.link.onFrame((type, body) => {
      if (type === FrameType.BINDING_CHALLENGE) this.enqueue(() => this.answerChallenge(body));
    });
  }

  /** Opens a device over its backend, restoring consent, switches and binding kept there. */
  static async open(options: DeviceOptions): Promise<Device> {
    const backend = new SerializedBackend(options.backend);
    const settings = new DeviceSettings(backend);
    const consent = new DeviceConsent();
    const snapshot = await settings.loadConsent();
    if (snapshot) consent.restore(snapshot);
    return new Device(options, backend, settings, consent, await settings.loadBinding());
  }

  /** The account the device is bound to, and the public key it proved, if bound. */
  get binding(): { readonly accountId: string; readonly devicePublicKey: Uint8Array; readonly boundAt: Date } | undefined {
    const b = this.currentBinding;
    return b && { accountId: b.accountId, devicePublicKey: b.keyPair.publicKey.slice(), boundAt: b.boundAt };
  }

  /** Waits for the app to pair (see SecureLink.pair). */
  pair(): Promise<PairingResult> {
    return this.link.pair();
  }

  /**
   * Builds and sends a message if its function is on (see
   * FunctionGatedEmitter): a function off by default produces nothing, and
   * `build` is not called, until the app turns it on.
   */
  emit<Desc extends DescMessage>(schema: Desc, build: () => MessageShape<Desc> | Promise<MessageShape<Desc>>): Promise<SendOutcome> {
    return this.emitter.emit(schema, build);
  }

  /** Calls `listener` with every message for the firmware. */
  onMessage(listener: DeviceMessageListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` with every refused frame or message and every failed operation (typed errors, no values). */
  onError(listener: (error: Error) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Resolves when every message received so far has been handled. */
  async whenIdle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.work;
      await seen;
    } while (seen !== this.work);
  }

  /**
   * Unpairs from the account: forgets consent, switches and binding at once,
   * clears the screen, then erases everything the device stores (after any
   * write already queued, so none survives).
   */
  async unbind(): Promise<void> {
    this.consent.reset();
    this.currentBinding = undefined;
    this.display.clear();
    await this.backend.clear();
  }

  /** Everything `unbind` does, and the link's session keys are dropped (the link closes). */
  async factoryReset(): Promise<void> {
    await this.unbind();
    await this.link.close();
  }

  /** Closes the link; the store stays as it is. */
  async close(): Promise<void> {
    await this.link.close();
  }

  private enqueue(task: () => Promise<void>): void {
    this.work = this.work.then(task).catch((e: unknown) => this.report(e as Error));
  }

  private report(error: Error): void {
    for (const l of [...this.errorListeners]) {
      try {
        l(error);
      } catch {
        // A listener's failure is its own.
      }
    }
  }

  private async handleMessage(received: ReceivedMessage): Promise<void> {
    if (await this.applyControl(received)) return;
    const { schema, message } = received;
    let forFirmware = received;
    if ([...setLeaves(planFor(schema), message)].some((rule) => rule.flow === Flow.DISPLAY_ONLY)) {
      this.display.show({ schema, message, shownAt: this.now() });
      const kept = forStorage(schema, message, Tier.DEVICE, { consent: this.consent });
      if (setLeaves(planFor(schema), kept).next().done) return;
      forFirmware = { ...received, message: kept };
    }
    for (const l of [...this.listeners]) await l(forFirmware);
  }

  /** Applies a platform control message; returns whether it was one. */
  private async applyControl({ message }: ReceivedMessage): Promise<boolean> {
    if (isMessage(message, cloud.SetFunctionRequestSchema)) {
      this.consent.switches.set(message.productId, message.function, message.enabled);
    } else if (isMessage(message, cloud.SetUploadSwitchRequestSchema)) {
      this.consent.setUpload(message.productId, message.uploadSwitch, message.enabled);
    } else if (isMessage(message, cloud.GiveConsentRequestSchema)) {
      this.consent.give(message.productId, message.purposes);
    } else if (isMessage(message, cloud.WithdrawConsentRequestSchema)) {
      this.consent.withdraw(message.productId, message.purposes);
    } else if (isMessage(message, cloud.DeviceCommandSchema)) {
      if (message.kind === cloud.DeviceCommandKind.FACTORY_RESET) await this.factoryReset();
      else if (message.kind === cloud.DeviceCommandKind.UNBIND) await this.unbind();
      return true;
    } else {
      return false;
    }
    await this.settings.saveConsent(this.consent.snapshot());
    return true;
  }

  /**
   * Answers the cloud's challenge relayed by the app. Binding to another
   * account than the current one first unbinds (erasing everything): a new
   * owner never inherits the previous owner's data.
   */
  private async answerChallenge(body: Uint8Array): Promise<void> {
    const challenge = decodeBindingChallenge(body);
    const current = this.currentBinding;
    const rebinding = current !== undefined && current.accountId !== challenge.accountId;
    const keyPair = current && !rebinding ? current.keyPair : generateX25519KeyPair();
    const { identity } = this.options;
    // Made before anything changes: a challenge the proof refuses leaves the device as it was.
    const proof = createBindingProof(identity.factoryKey, {
      accountId: challenge.accountId,
      mac: canonicalMac(identity.mac),
      serialNumber: identity.serialNumber,
      nonce: challenge.nonce,
      devicePublicKey: keyPair.publicKey,
    });
    if (rebinding) await this.unbind();
    const binding: DeviceBinding = { accountId: challenge.accountId, keyPair, boundAt: current && !rebinding ? current.boundAt : this.now() };
    await this.settings.saveBinding(binding);
    this.currentBinding = binding;
    await this.link.send(FrameType.BINDING_PROOF, encodeBindingProof(proof));
  }
}
