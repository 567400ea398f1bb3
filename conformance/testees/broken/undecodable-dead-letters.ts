import type { TesteeFault } from "./testee-fault.js";

/**
 * DP-BAD-INPUT-CHANGES-NOTHING: the app keeps every payload it cannot
 * decode in a dead-letter store on the phone "for later inspection", so
 * garbage sent at it changes what it stores.
 */
export const undecodableDeadLetters: TesteeFault = {
  id: "DP-BAD-INPUT-CHANGES-NOTHING",
  summary: "the app keeps payloads it cannot decode in a dead-letter store",
  hooks() {
    let n = 0;
    return {
      async undecodable(app, _typeName, payload) {
        await app.storage.set(`dead-letter.${++n}`, payload);
      },
    };
  },
};
