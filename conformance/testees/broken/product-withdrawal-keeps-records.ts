import type { DataRights, DeletionJob } from "@datapact/cloud";
import type { CloudTier } from "../reference/src/cloud/cloud-tier.js";
import type { TesteeFault } from "./testee-fault.js";

/**
 * DP-WITHDRAW-CONSENT, third fault: "revoke authorization" of one product
 * is taken as "stop": the cloud withdraws its receipts and marks it
 * withdrawn, so nothing more of it is collected, but opens no erasure job,
 * and the app does not ask for one either. What the cloud kept of the
 * product for the account stays in its tables and its export (000 §05 asks
 * for the deletion too).
 */
export const productWithdrawalKeepsRecords: TesteeFault = {
  id: "DP-WITHDRAW-CONSENT",
  name: "product-withdrawal-keeps-records",
  summary: "withdrawing consent to a product stops collecting it but erases nothing of it",
  hooks() {
    return {
      erasesRevokedProduct: () => false,
      cloudStarted(cloud: CloudTier) {
        const rights = (cloud.server.context as { rights?: DataRights }).rights;
        if (!rights) return;
        const db = cloud.server.context.db;
        // Collection stops (receipts withdrawn, product marked); the job id handed back names no job.
        rights.withdrawal.withdrawProduct = async (subjectId: string, productId: string) => {
          await db.query("update consent_receipts set withdrawn_at = now() where subject_id = $1 and product_id = $2 and withdrawn_at is null", [subjectId, productId]);
          await db.query(
            "insert into withdrawn_products (subject_id, product_id, withdrawn_at) values ($1, $2, now()) on conflict (subject_id, product_id) do update set withdrawn_at = excluded.withdrawn_at",
            [subjectId, productId],
          );
          return { jobId: "none" } as DeletionJob;
        };
      },
    };
  },
};
