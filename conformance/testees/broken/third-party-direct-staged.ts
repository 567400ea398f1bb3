import { selectedLeafValues, withoutSelectedLeaves } from "./selected-leaves.js";
import type { TesteeFault } from "./testee-fault.js";

/**
 * DP-THIRD-PARTY-DIRECT-REFUSED: the app accepts card data the bank should
 * collect directly, stages it on the phone "until the bank confirms", and
 * hands the record on without it, so the step looks fine.
 */
export const thirdPartyDirectStaged: TesteeFault = {
  id: "DP-THIRD-PARTY-DIRECT-REFUSED",
  summary: "the app accepts card data a third party must collect directly, stages it on the phone and drops it from the record later",
  hooks() {
    let n = 0;
    return {
      async appRecording(app, schema, message) {
        const card = selectedLeafValues(schema, message, (rule) => rule.thirdPartyDirect);
        if (card.length === 0) return message;
        await app.storage.set(`pending-payment.${++n}`, new TextEncoder().encode(JSON.stringify(card)));
        return withoutSelectedLeaves(schema, message, (rule) => rule.thirdPartyDirect);
      },
    };
  },
};
