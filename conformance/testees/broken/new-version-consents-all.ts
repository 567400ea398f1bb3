import type { TesteeFault } from "./testee-fault.js";

/**
 * DP-NEW-PURPOSE-NEEDS-CONSENT: when the user accepts a new version of a
 * product's policy, the app records consent to every purpose the version
 * asks, not the purposes the user chose: a purpose the new version adds is
 * switched on by accepting the update.
 */
export const newVersionConsentsAll: TesteeFault = {
  id: "DP-NEW-PURPOSE-NEEDS-CONSENT",
  summary: "accepting a new policy version consents to every purpose it asks, whatever the user chose",
  hooks() {
    return {
      consentPurposes: (chosen, asked) => [...new Set([...chosen, ...asked])],
    };
  },
};
