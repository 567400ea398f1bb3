import { toBinary } from "@bufbuild/protobuf";
import { forAccountChannel } from "@datapact/policy";
import { Hop } from "@datapact/proto";
import type { TesteeFault } from "./testee-fault.js";

/**
 * DP-NO-PERSONAL-DATA-IN-LOGS: the app logs every record it sends at debug
 * level, payload included (base64 of what went on the account channel), to
 * help support diagnose sync problems.
 */
export const recordsInDebugLog: TesteeFault = {
  id: "DP-NO-PERSONAL-DATA-IN-LOGS",
  summary: "the app logs each record it sends at debug level, payload included",
  hooks() {
    return {
      async appSent(app, schema, message, outcome) {
        if (outcome.status !== "sent" && outcome.status !== "queued") return;
        const sent = forAccountChannel(schema, message as never, Hop.APP_CLOUD, app.sdk.consent);
        app.options.logger.log("debug", "app.record_sent", { type: schema.typeName, recordId: outcome.recordId, payload: Buffer.from(toBinary(schema, sent)).toString("base64") });
      },
    };
  },
};
