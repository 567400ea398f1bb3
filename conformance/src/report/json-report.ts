import type { CertificationResult } from "../runner/verdict.js";

/** Version of the report.json format (docs/certification/report-json.md). Bumped on incompatible change. */
export const reportFormatVersion = 1;

/** `report.json`: the certification result with its format version, as stable JSON. */
export function jsonReport(result: CertificationResult): string {
  return JSON.stringify({ formatVersion: reportFormatVersion, tool: "datapact certify", ...result }, null, 2) + "\n";
}
