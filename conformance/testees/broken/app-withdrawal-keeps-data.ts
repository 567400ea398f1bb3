import type { DataRights, DeletionJob } from "@datapact/cloud";
import type { CloudTier } from "../reference/src/cloud/cloud-tier.js";
import type { TesteeFault } from "./testee-fault.js";

/**
 * DP-WITHDRAW-CONSENT, second fault: withdrawing consent to the whole app
 * stops collection (every receipt is withdrawn) but erases nothing: the
 * cloud treats it as "stop using my data" rather than "delete all my
 * personal data" (000 §05 line 1109), so the account's records stay.
 */
export const appWithdrawalKeepsData: TesteeFault = {
  id: "DP-WITHDRAW-CONSENT",
  name: "app-withdrawal-keeps-data",
  summary: "withdrawing consent to the whole app stops collection but erases nothing",
  hooks() {
    return {
      cloudStarted(cloud: CloudTier) {
        const rights = (cloud.server.context as { rights?: DataRights }).rights;
        if (!rights) return;
        const withdrawal = rights.withdrawal;
        // Every receipt withdrawn, no deletion job opened: the job id handed back names no job.
        withdrawal.withdrawApp = async (subjectId: string) => {
          await cloud.server.context.db.query("update consent_receipts set withdrawn_at = now() where subject_id = $1 and withdrawn_at is null", [subjectId]);
          return { jobId: "none" } as DeletionJob;
        };
      },
    };
  },
};
