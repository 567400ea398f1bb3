import type { DescMessage, Message } from "@bufbuild/protobuf";
import type { ChannelDropListener } from "@datapact/policy";
import type { cloud, DataUseStatement } from "@datapact/proto";
import type { OutboxName } from "./outbox-event.js";

/**
 * What differs between the outboxes: how a record is projected for its
 * channel, what of it may be queued on the phone, the statement it carries,
 * and the call that delivers it. Every answer comes from the policy under the
 * consent of the moment it is asked.
 */
export interface OutboxChannel {
  readonly name: OutboxName;
  /** The copy that may leave on this channel now. */
  project(schema: DescMessage, message: Message, onDrop?: ChannelDropListener): Message;
  /** The part of a projected copy that may be written at the app tier by this SDK's storage. */
  storedCopy(schema: DescMessage, projected: Message): Message;
  /** The statement for a projected copy; undefined when no consent covers it now. */
  statement(schema: DescMessage, projected: Message): DataUseStatement | undefined;
  /** Delivers a batch; rejects with the call's error. */
  ingest(records: cloud.Record[]): Promise<void>;
}
