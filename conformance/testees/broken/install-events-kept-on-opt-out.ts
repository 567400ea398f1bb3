import type { CloudTier } from "../reference/src/cloud/cloud-tier.js";
import { rewriteCloudStatements } from "./cloud-statement-rewrite.js";
import type { TesteeFault } from "./testee-fault.js";

/**
 * DP-WITHDRAW-CONSENT: leaving the improvement plan revokes the install's
 * token, so nothing more is collected, but the erasure forgets the
 * analytics events table: what the token collected stays.
 */
export const installEventsKeptOnOptOut: TesteeFault = {
  id: "DP-WITHDRAW-CONSENT",
  summary: "leaving the improvement plan revokes the install token but keeps the analytics events it collected",
  hooks() {
    return {
      cloudStarted(cloud: CloudTier) {
        rewriteCloudStatements(cloud.db, (sql) => (/^\s*delete from analytics_events where install_token/i.test(sql) ? undefined : sql));
      },
    };
  },
};
