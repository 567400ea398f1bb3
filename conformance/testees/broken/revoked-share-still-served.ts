import type { CloudTier } from "../reference/src/cloud/cloud-tier.js";
import { rewriteCloudStatements } from "./cloud-statement-rewrite.js";
import type { TesteeFault } from "./testee-fault.js";

/**
 * DP-SHARING-LIMITED: revoking a share only hides it from the owner's list
 * of shares; the check behind the shared party's reads looks for any share
 * of the device with them, revoked or not, so they keep reading it.
 */
export const revokedShareStillServed: TesteeFault = {
  id: "DP-SHARING-LIMITED",
  summary: "revocation only hides the share from the owner's list; the shared party's reads still find it",
  hooks() {
    return {
      cloudStarted(cloud: CloudTier) {
        rewriteCloudStatements(cloud.db, (sql) =>
          /from shares where grantee_subject_id = \$1 and device_id = \$2 and revoked_at is null/.test(sql) ? sql.replace(" and revoked_at is null", "") : sql,
        );
      },
    };
  },
};
