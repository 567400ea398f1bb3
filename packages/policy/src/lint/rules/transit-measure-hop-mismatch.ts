import { Hop, TransitMeasure } from "@datapact/proto";
import type { LintRule } from "../rule.js";
import { hopName, transitMeasureName } from "../vocabulary-names.js";

// Link-level measures that exist on one hop only (vocabulary.proto, TransitMeasure).
const onlyOn = new Map<TransitMeasure, Hop>([
  [TransitMeasure.BLE_LINK, Hop.DEVICE_APP],
  [TransitMeasure.WIFI_WPA, Hop.DEVICE_APP],
  [TransitMeasure.MQTT_TLS, Hop.DEVICE_CLOUD],
]);

/**
 * DP-LINT-TRANSIT-MEASURE-HOP-MISMATCH: a link-level measure is declared on
 * the hop it protects: BLE link security and WPA Wi-Fi protect the
 * device<->app hop (M099), MQTT over TLS the device<->cloud hop (M104).
 */
export const transitMeasureHopMismatch: LintRule = {
  id: "DP-LINT-TRANSIT-MEASURE-HOP-MISMATCH",
  severity: "error",
  mechanisms: ["M099", "M104"],
  summary: "A transit measure is declared on a hop it cannot protect.",
  checkField({ field, policy }, report) {
    if (!policy) return;
    for (const t of policy.transit) {
      const hop = onlyOn.get(t.measure);
      if (hop !== undefined && t.hop !== Hop.UNSPECIFIED && t.hop !== hop) {
        report(field, `transit on ${hopName(t.hop)} is ${transitMeasureName(t.measure)}, which protects ${hopName(hop)} only`);
      }
    }
  },
};
