import { Flow } from "@datapact/proto";
import { selectedLeafValues } from "./selected-leaves.js";
import type { TesteeFault } from "./testee-fault.js";

/**
 * DP-DISPLAY-ONLY-NEVER-STORED: the app keeps a "notification history" of
 * the display-only values it relays (caller, message text, song), written to
 * the phone's storage as JSON.
 */
export const displayOnlyHistory: TesteeFault = {
  id: "DP-DISPLAY-ONLY-NEVER-STORED",
  summary: "the app keeps a notification history: display-only values it relays are written to the phone's storage",
  hooks() {
    let n = 0;
    return {
      async appReceived(app, schema, message) {
        const values = selectedLeafValues(schema, message, (rule) => rule.flow === Flow.DISPLAY_ONLY);
        if (values.length === 0) return;
        await app.storage.set(`notification-history.${++n}`, new TextEncoder().encode(JSON.stringify({ type: schema.typeName, values })));
      },
    };
  },
};
