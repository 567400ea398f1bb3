import type { CloudTier } from "../reference/src/cloud/cloud-tier.js";
import { rewriteCloudStatements } from "./cloud-statement-rewrite.js";
import type { TesteeFault } from "./testee-fault.js";

/**
 * DP-PAIRWISE-IDENTIFIERS: the cloud's manufacturer API lists each user
 * under the account's own id instead of the pairwise id it derived for the
 * manufacturer, and resolves that id back to the account: every
 * manufacturer sees the same id, the account id, and two of them can link
 * what they hold about one person.
 */
export const manufacturerSeesAccountId: TesteeFault = {
  id: "DP-PAIRWISE-IDENTIFIERS",
  summary: "the manufacturer API lists users under their account id (the same for every manufacturer) instead of a pairwise id",
  hooks() {
    return {
      cloudStarted(cloud: CloudTier) {
        rewriteCloudStatements(cloud.db, (sql) => {
          if (/^\s*select pairwise_id, subject_id from pairwise_ids/.test(sql)) return sql.replace("select pairwise_id, subject_id", "select subject_id as pairwise_id, subject_id");
          if (/^select subject_id from pairwise_ids where manufacturer_id = \$1 and pairwise_id = \$2/.test(sql)) return sql.replace("and pairwise_id = $2", "and subject_id = $2");
          return sql;
        });
      },
    };
  },
};
