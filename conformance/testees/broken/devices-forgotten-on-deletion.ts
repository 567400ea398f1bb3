import type { CloudTier } from "../reference/src/cloud/cloud-tier.js";
import { rewriteCloudStatements } from "./cloud-statement-rewrite.js";
import type { TesteeFault } from "./testee-fault.js";

/**
 * DP-DELETE-REACHES-EVERY-COPY: the account deletion erases the cloud's
 * rows but never queues the unbind and factory reset for the account's
 * bound devices, so their flash keeps the user's data.
 */
export const devicesForgottenOnDeletion: TesteeFault = {
  id: "DP-DELETE-REACHES-EVERY-COPY",
  summary: "deletion erases the cloud's rows but never queues the unbind and factory reset of the bound devices",
  hooks() {
    return {
      cloudStarted(cloud: CloudTier) {
        rewriteCloudStatements(cloud.db, (sql) => (/^\s*insert into device_commands/i.test(sql) ? undefined : sql));
      },
    };
  },
};
