import type { DescMessage } from "@bufbuild/protobuf";
import { createClient, type Transport } from "@connectrpc/connect";
import { forAccountChannel, forStorage, partitionAtRest, planFor, statementFor } from "@datapact/policy";
import { cloud, Hop, Tier } from "@datapact/proto";
import type { ConsentStore } from "../consent/consent-store.js";
import type { OutboxChannel } from "../outbox/outbox-channel.js";
import type { AppStorage } from "../storage/app-storage.js";

/**
 * The account outbox's channel: records projected with forHop's rules for
 * app->cloud plus "identified under a consented purpose" (forAccountChannel),
 * stated with the receipt that governs the product, sent as the user.
 */
export function accountChannel(store: ConsentStore, storage: AppStorage, transport: Transport): OutboxChannel {
  const sync = createClient(cloud.SyncService, transport);
  return {
    name: "account",
    project: (schema, message, onDrop) => forAccountChannel(schema, message as never, Hop.APP_CLOUD, store, { onDrop }),
    storedCopy(schema: DescMessage, projected) {
      const kept = forStorage(schema, projected as never, Tier.APP, { consent: store });
      return storage.encryptsAtRest ? kept : partitionAtRest(schema, kept, Tier.APP).plain;
    },
    statement(schema, projected) {
      const governing = store.governingReceipt(planFor(schema).productId);
      if (!governing) return undefined;
      return statementFor(schema, projected as never, {
        consent: store,
        policyVersion: governing.receipt.policyVersion,
        consentReceiptId: governing.receipt.receiptId,
      });
    },
    async ingest(records) {
      await sync.ingest({ records });
    },
  };
}
