import type { CloudTier } from "../reference/src/cloud/cloud-tier.js";
import type { TesteeFault } from "./testee-fault.js";

/**
 * DP-ANALYTICS-OPT-IN: when the user joins the improvement plan, the
 * backend keeps the install token in the account table "for support",
 * which links every pseudonymous analytics event to the account.
 */
export const installTokenInAccountTable: TesteeFault = {
  id: "DP-ANALYTICS-OPT-IN",
  summary: "the install token of the improvement plan is kept in the account table",
  hooks() {
    let cloud: CloudTier | undefined;
    return {
      cloudStarted(started) {
        cloud = started;
      },
      async optedIn(app) {
        const token = app.sdk.uxip.installToken;
        if (!cloud || !token) return;
        await cloud.db.query("alter table subjects add column if not exists uxip_install_token text");
        await cloud.db.query("update subjects set uxip_install_token = $1 where subject_id = $2", [token, app.accountId]);
      },
    };
  },
};
