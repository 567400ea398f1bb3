// The app end of the link for tests: the same link and messenger API the
// device uses, with the app's consent and the platform control messages.
import { create, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { consentSnapshot, type ConsentState, type ProductConsent } from "@datapact/policy";
import { cloud, type Purpose } from "@datapact/proto";
import {
  encodeBindingChallenge,
  FrameType,
  MessageCatalog,
  PactMessenger,
  PLATFORM_CONTROL_SCHEMAS,
  SecureLink,
  type BindingChallenge,
  type ByteTransport,
  type ReceivedMessage,
  type SecureLinkOptions,
} from "../../src/index.js";
import { waitFor } from "./wait-for.js";

export class AppEnd {
  readonly link: SecureLink;
  readonly messenger: PactMessenger;
  readonly received: ReceivedMessage[] = [];
  readonly errors: Error[] = [];
  readonly proofs: Uint8Array[] = [];

  constructor(transport: ByteTransport, catalog: MessageCatalog, consent: ConsentState, options: Omit<SecureLinkOptions, "role"> = {}) {
    this.link = new SecureLink(transport, { ...options, role: "app" });
    this.messenger = new PactMessenger(this.link, catalog.with(PLATFORM_CONTROL_SCHEMAS), consent);
    this.messenger.onMessage((m) => this.received.push(m));
    this.messenger.onError((e) => this.errors.push(e));
    this.link.onError((e) => this.errors.push(e));
    this.link.onFrame((type, body) => {
      if (type === FrameType.BINDING_PROOF) this.proofs.push(body);
    });
  }

  /** An app whose user consented to `products` as given. */
  static withConsent(transport: ByteTransport, catalog: MessageCatalog, products: Record<string, ProductConsent>, options?: Omit<SecureLinkOptions, "role">): AppEnd {
    return new AppEnd(transport, catalog, consentSnapshot(products), options);
  }

  pair() {
    return this.link.pair();
  }

  send<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>) {
    return this.messenger.send(schema, message);
  }

  consentTo(productId: string, purposes: Purpose[]) {
    return this.send(cloud.GiveConsentRequestSchema, create(cloud.GiveConsentRequestSchema, { productId, purposes, policyVersion: "test" }));
  }

  setFunction(productId: string, fn: string, enabled: boolean) {
    return this.send(cloud.SetFunctionRequestSchema, create(cloud.SetFunctionRequestSchema, { productId, function: fn, enabled }));
  }

  command(kind: cloud.DeviceCommandKind) {
    return this.send(cloud.DeviceCommandSchema, create(cloud.DeviceCommandSchema, { commandId: "c1", kind }));
  }

  /** Relays a challenge to the device and waits for its proof. */
  async requestBindingProof(challenge: BindingChallenge): Promise<Uint8Array> {
    const before = this.proofs.length;
    await this.link.send(FrameType.BINDING_CHALLENGE, encodeBindingChallenge(challenge));
    await waitFor(() => this.proofs.length > before, 2000, "binding proof");
    return this.proofs[this.proofs.length - 1]!;
  }

  /** Waits until `count` messages arrived in total. */
  async waitForMessages(count: number): Promise<ReceivedMessage[]> {
    await waitFor(() => this.received.length >= count, 2000, `${count} messages at the app`);
    return this.received;
  }
}
