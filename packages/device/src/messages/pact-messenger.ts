import { fromBinary, toBinary, type DescMessage, type Message, type MessageShape } from "@bufbuild/protobuf";
import { forHop, planFor, setLeaves, ThirdPartyDirectValueError, type ConsentState, type MessagePlan } from "@datapact/policy";
import { Hop, MessageRole } from "@datapact/proto";
import { MalformedPayloadError } from "../errors/malformed-payload-error.js";
import { MessageRefusedError, type MessageRefusal } from "../errors/message-refused-error.js";
import { UnknownLinkMessageTypeError } from "../errors/unknown-link-message-type-error.js";
import { FrameType } from "../framing/frame-type.js";
import type { SecureLink } from "../link/secure-link.js";
import { collectDrops, type DroppedField } from "./dropped-field.js";
import { messageTypeId, type MessageCatalog } from "./message-catalog.js";
import { decodeMessageEnvelope, encodeMessageEnvelope } from "./message-envelope.js";

/** What `send` did with a message. */
export type SendOutcome =
  | { readonly sent: true; readonly dropped: readonly DroppedField[]; readonly payloadBytes: number }
  | { readonly sent: false; readonly reason: Exclude<MessageRefusal, "THIRD_PARTY_DIRECT_VALUE">; readonly dropped: readonly DroppedField[] };

/** A message received, authenticated, decoded and projected by this end's policy. */
export interface ReceivedMessage {
  readonly schema: DescMessage;
  readonly message: Message;
  /** What this end's policy removed on receipt (normally nothing: the sender projected already). */
  readonly dropped: readonly DroppedField[];
}

/** Whether a message of this plan produces nothing at all under `consent`: its function is off. */
function functionDisabled(plan: MessagePlan, consent: ConsentState): boolean {
  return plan.offByDefault && !consent.isFunctionEnabled(plan.productId, plan.fn);
}

/** Whether the projection lost every value the original carried. */
function emptied(plan: MessagePlan, original: Message, projected: Message): boolean {
  if (plan.role !== MessageRole.DATA) return false;
  return !setLeaves(plan, original).next().done && setLeaves(plan, projected).next().done === true;
}

/**
 * Pact messages over a {@link SecureLink}, the same on both ends. Every
 * message is projected with `forHop(schema, message, Hop.DEVICE_APP,
 * consent)` before it is sent, and again on receipt with the receiving end's
 * consent, so neither end relies on the other's policy. Messages of a
 * function that is off produce no frame; messages the policy empties
 * entirely are not sent.
 */
export class PactMessenger {
  private readonly messageListeners = new Set<(received: ReceivedMessage) => void>();
  private readonly errorListeners = new Set<(error: Error) => void>();

  constructor(
    readonly link: SecureLink,
    readonly catalog: MessageCatalog,
    private readonly consent: ConsentState,
  ) {
    link.onFrame((type, body) => {
      if (type === FrameType.MESSAGE) this.receive(body);
    });
  }

  /**
   * Projects and sends one message. Throws UnknownLinkMessageTypeError
   * (type not in the catalog), ThirdPartyDirectValueError (nothing is sent),
   * and whatever SecureLink.send throws (NotPairedError,
   * OversizedMessageError, LinkClosedError); on any of these nothing was
   * sent and no sequence number was used.
   */
  async send<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): Promise<SendOutcome> {
    const typeId = this.catalog.idOf(schema.typeName);
    if (typeId === undefined) throw new UnknownLinkMessageTypeError(messageTypeId(schema.typeName), schema.typeName);
    const plan = planFor(schema);
    if (functionDisabled(plan, this.consent)) return { sent: false, reason: "FUNCTION_DISABLED", dropped: [] };
    const dropped: DroppedField[] = [];
    const projected = forHop(schema, message, Hop.DEVICE_APP, this.consent, { onDrop: collectDrops(dropped) });
    if (emptied(plan, message, projected)) return { sent: false, reason: "NOTHING_ALLOWED", dropped };
    const payload = toBinary(schema, projected);
    await this.link.send(FrameType.MESSAGE, encodeMessageEnvelope(typeId, payload));
    return { sent: true, dropped, payloadBytes: payload.length };
  }

  /** Calls `listener` with every message this end's policy lets in. */
  onMessage(listener: (received: ReceivedMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  /**
   * Calls `listener` with every authenticated message that was not
   * delivered: UnknownLinkMessageTypeError, MalformedPayloadError,
   * MessageRefusedError, TruncatedFrameError.
   */
  onError(listener: (error: Error) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  private receive(body: Uint8Array): void {
    let received: ReceivedMessage;
    try {
      received = this.decode(body);
    } catch (error) {
      for (const l of [...this.errorListeners]) {
        try {
          l(error as Error);
        } catch {
          // As for message listeners.
        }
      }
      return;
    }
    for (const l of [...this.messageListeners]) {
      try {
        l(received);
      } catch {
        // A listener's failure is its own to report.
      }
    }
  }

  private decode(body: Uint8Array): ReceivedMessage {
    const { typeId, payload } = decodeMessageEnvelope(body);
    const schema = this.catalog.schemaOf(typeId);
    if (!schema) throw new UnknownLinkMessageTypeError(typeId);
    let message: Message;
    try {
      message = fromBinary(schema, payload);
    } catch {
      throw new MalformedPayloadError(schema.typeName);
    }
    const plan = planFor(schema);
    if (functionDisabled(plan, this.consent)) throw new MessageRefusedError(schema.typeName, "FUNCTION_DISABLED");
    const dropped: DroppedField[] = [];
    let projected: Message;
    try {
      projected = forHop(schema, message, Hop.DEVICE_APP, this.consent, { onDrop: collectDrops(dropped) });
    } catch (error) {
      if (error instanceof ThirdPartyDirectValueError) throw new MessageRefusedError(schema.typeName, "THIRD_PARTY_DIRECT_VALUE");
      throw error;
    }
    if (emptied(plan, message, projected)) throw new MessageRefusedError(schema.typeName, "NOTHING_ALLOWED");
    return { schema, message: projected, dropped };
  }
}
