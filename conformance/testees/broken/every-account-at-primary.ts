import type { TesteeFault } from "./testee-fault.js";

/**
 * DP-RESIDENCY: the testee runs a node per storage location and describes
 * each location's database, but signs every account up at its primary node
 * (Germany), which serves every region: a user who chose a region the
 * residency table stores in Singapore has all their data stored in Germany.
 */
export const everyAccountAtPrimary: TesteeFault = {
  id: "DP-RESIDENCY",
  summary: "every account is stored at the primary location (Germany), whatever the region chosen at sign-up",
  hooks() {
    return {
      nodeServes: () => undefined,
      signUpAt: (_region, _home, nodes) => nodes[0]!,
    };
  },
};
