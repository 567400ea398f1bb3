import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type { Outbox, SubmitOptions, SubmitOutcome } from "../outbox/outbox.js";

/**
 * Sends product records to the cloud as the signed-in user
 * (`SyncService.Ingest`, `authorization: Bearer …`). Every record is
 * projected by the policy for the app->cloud hop under the user's consent
 * before anything else (display-only values, unconsented purposes, functions
 * that are off and switched-off uploads never leave, and data the pact uses
 * only pseudonymized never travels with the account), wrapped in a
 * `cloud.Record` with its DataUseStatement, and sent, or queued on the phone
 * while the cloud is unreachable.
 */
export class SyncClient {
  constructor(private readonly outbox: Outbox) {}

  /**
   * Sends or queues one record. Throws ThirdPartyDirectValueError if it holds
   * a value a third party collects directly, and CloudCallError when the
   * cloud refused it; in both cases nothing is kept.
   */
  send<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>, options: SubmitOptions = {}): Promise<SubmitOutcome> {
    return this.outbox.submit(schema, message, options);
  }

  /** Sends what is queued, in order; resolves to the number still queued. */
  flush(): Promise<number> {
    return this.outbox.flush();
  }

  /** How many records wait on the phone. */
  pending(): Promise<number> {
    return this.outbox.pending();
  }
}
