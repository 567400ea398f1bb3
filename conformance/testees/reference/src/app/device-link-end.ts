import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type { CloudLogger } from "@datapact/cloud";
import {
  encodeBindingChallenge,
  FrameType,
  PactMessenger,
  PLATFORM_CONTROL_SCHEMAS,
  SecureLink,
  type ByteTransport,
  type MessageCatalog,
  type ReceivedMessage,
} from "@datapact/device";
import type { ConsentState } from "@datapact/policy";

const PROOF_TIMEOUT_MS = 5_000;

/**
 * The app's end of a device link, built from the device SDK's link and
 * messenger with the app's consent store as its ConsentState: what the
 * device sends is projected again on receipt, and handed on one message at
 * a time; platform control messages (consent, switches, commands) go the
 * other way. Link and messenger errors are logged by name and code only and
 * kept for the step that caused them.
 */
export class DeviceLinkEnd {
  readonly link: SecureLink;
  readonly messenger: PactMessenger;
  private work: Promise<void> = Promise.resolve();
  private errors: Error[] = [];
  private readonly proofs: Uint8Array[] = [];

  constructor(
    transport: ByteTransport,
    catalog: MessageCatalog,
    consent: ConsentState,
    private readonly deviceHandle: string,
    private readonly logger: CloudLogger,
    deliver: (received: ReceivedMessage) => Promise<void>,
  ) {
    this.link = new SecureLink(transport, { role: "app" });
    this.messenger = new PactMessenger(this.link, catalog.with(PLATFORM_CONTROL_SCHEMAS), consent);
    this.messenger.onMessage((m) => {
      this.work = this.work.then(() => deliver(m)).catch((e: unknown) => this.report(e as Error));
    });
    this.messenger.onError((e) => this.report(e));
    this.link.onError((e) => this.report(e));
    this.link.onFrame((type, body) => {
      if (type === FrameType.BINDING_PROOF) this.proofs.push(body);
    });
  }

  pair(): Promise<unknown> {
    return this.link.pair();
  }

  /** Sends a platform control message (or any message of the catalog) to the device. */
  send<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): Promise<unknown> {
    return this.messenger.send(schema, message);
  }

  /** Relays the cloud's binding challenge and waits for the device's proof. */
  async requestBindingProof(accountId: string, nonce: Uint8Array): Promise<Uint8Array> {
    const before = this.proofs.length;
    await this.link.send(FrameType.BINDING_CHALLENGE, encodeBindingChallenge({ accountId, nonce }));
    const deadline = Date.now() + PROOF_TIMEOUT_MS;
    while (this.proofs.length === before) {
      if (Date.now() > deadline) throw new Error("the device did not answer the binding challenge");
      await new Promise((r) => setTimeout(r, 2));
    }
    return this.proofs[this.proofs.length - 1]!;
  }

  /** Resolves once every packet delivered so far has been read and every message handed on. */
  async settle(): Promise<void> {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      const pending = this.work;
      await pending;
      await new Promise((r) => setImmediate(r));
      if (pending === this.work) return;
    }
  }

  /** The errors reported since the last call. */
  takeErrors(): Error[] {
    const out = this.errors;
    this.errors = [];
    return out;
  }

  async close(): Promise<void> {
    await this.link.close().catch(() => {});
  }

  private report(error: Error): void {
    this.errors.push(error);
    this.logger.log("warn", "app.link_error", { device: this.deviceHandle, error: error.name, code: (error as { code?: string }).code });
  }
}

