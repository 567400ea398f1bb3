import type { DescMessage } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import type { Transport } from "@connectrpc/connect";
import { forStorage, forUnlinkedChannel, partitionAtRest, purposeLimitedConsent, statementFor } from "@datapact/policy";
import { cloud, Hop, Purpose, Tier } from "@datapact/proto";
import type { OutboxChannel } from "../outbox/outbox-channel.js";
import type { AppStorage } from "../storage/app-storage.js";
import type { ExperiencePlan } from "./experience-plan.js";

/** The analytics outbox's channel: unlinked projection, analytics-only statements, the install-token transport. */
export function analyticsChannel(plan: ExperiencePlan, storage: AppStorage, transport: Transport): OutboxChannel {
  const sync = createClient(cloud.SyncService, transport);
  return {
    name: "analytics",
    project: (schema, message, onDrop) => forUnlinkedChannel(schema, message as never, Hop.APP_CLOUD, Purpose.ANALYTICS, plan.consent, { onDrop }),
    storedCopy(schema: DescMessage, projected) {
      const kept = forStorage(schema, projected as never, Tier.APP, { consent: plan.consent });
      return storage.encryptsAtRest ? kept : partitionAtRest(schema, kept, Tier.APP).plain;
    },
    statement(schema, projected) {
      const receiptId = plan.receiptId;
      const policyVersion = plan.policyVersion;
      if (!receiptId || !policyVersion) return undefined;
      return statementFor(schema, projected as never, {
        consent: purposeLimitedConsent(plan.consent, Purpose.ANALYTICS),
        policyVersion,
        consentReceiptId: receiptId,
      });
    },
    async ingest(records) {
      await sync.ingest({ records });
    },
  };
}
