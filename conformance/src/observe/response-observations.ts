import { conformance, Tier } from "@datapact/proto";
import type { StepRef } from "../protocol/step-ref.js";
import type { Observation, Sink } from "./observation.js";

const encoder = new TextEncoder();

function storeSink(tier: Tier): Sink {
  switch (tier) {
    case Tier.DEVICE:
      return "device-store";
    case Tier.APP:
      return "app-store";
    default:
      return "cloud-store";
  }
}

/**
 * What a testee's answer to a step lets the kit observe: frames it says
 * crossed the device<->app link, what a reader or an export received, and
 * what its dump says it stores and logged, and the messages of its errors
 * (searched as log lines). The kit's own observation (the
 * database scan, the hop proxy, stderr) does not depend on these.
 */
export function responseObservations(response: conformance.HarnessResponse, step?: StepRef): Observation[] {
  // An error message ends up in logs and on screens: it is searched like a log line.
  if (response.result.case === "error") return [{ sink: "log", bytes: encoder.encode(response.result.value.message), step, detail: "error message" }];
  if (response.result.case !== "ok") return [];
  const detail = response.result.value.detail;
  const out: Observation[] = [];
  switch (detail.case) {
    case "emitDeviceFrame":
      detail.value.linkFrames.forEach((bytes, i) => out.push({ sink: "hop:device->app", bytes, step, detail: `link frame ${i + 1}` }));
      break;
    case "readAs":
      detail.value.records.forEach((r, i) => {
        out.push({ sink: "read-as", bytes: r.payload, step, detail: `record ${i + 1} ${r.messageType}` });
        out.push({ sink: "read-as", bytes: encoder.encode(r.subjectId), step, detail: `record ${i + 1} subject id` });
      });
      break;
    case "export":
      out.push({ sink: "export", bytes: detail.value.export, step, detail: detail.value.mediaType || "export" });
      detail.value.records.forEach((r, i) => out.push({ sink: "export", bytes: r.payload, step, detail: `record ${i + 1} ${r.messageType}` }));
      break;
    case "dump":
      for (const table of detail.value.tables) {
        const where = `${table.owner ? table.owner + "/" : ""}${table.name}`;
        table.rows.forEach((row, r) =>
          row.cells.forEach((bytes, c) => out.push({ sink: storeSink(table.tier), bytes, step, detail: `${where}.${table.columns[c] ?? `#${c + 1}`} row ${r + 1}` })),
        );
      }
      detail.value.logLines.forEach((line) => out.push({ sink: "log", bytes: encoder.encode(line), step, detail: "dump log line" }));
      break;
    default:
      break;
  }
  return out;
}
