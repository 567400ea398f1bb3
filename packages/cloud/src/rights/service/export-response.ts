import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { cloud } from "@datapact/proto";
import type { ExportItem } from "../export/export-item.js";

/**
 * An export item as an ExportDataResponse, or undefined for the kinds the
 * response's oneof cannot carry (shares, switches, authorizations,
 * withdrawn products, deletion jobs: they are in the JSON export,
 * exportJsonChunks, and counted nowhere in ExportSummary).
 */
export function exportResponseOf(item: ExportItem): cloud.ExportDataResponse | undefined {
  switch (item.kind) {
    case "record": {
      const r = item.record;
      const record = create(cloud.RecordSchema, {
        recordId: r.recordId,
        statement: r.statement,
        payload: toBinary(r.schema, r.message),
        collectedAt: timestampFromDate(r.collectedAt),
        deviceId: r.deviceId ?? "",
      });
      return create(cloud.ExportDataResponseSchema, { item: { case: "record", value: record } });
    }
    case "consent":
      return create(cloud.ExportDataResponseSchema, { item: { case: "consent", value: item.receipt } });
    case "device":
      return create(cloud.ExportDataResponseSchema, { item: { case: "device", value: item.device } });
    case "summary": {
      const c = item.counts;
      const summary = create(cloud.ExportSummarySchema, {
        recordCount: BigInt(c.recordCount),
        consentCount: BigInt(c.consentCount),
        deviceCount: BigInt(c.deviceCount),
        recordsByType: Object.fromEntries([...c.recordsByType].map(([t, n]) => [t, BigInt(n)])),
      });
      return create(cloud.ExportDataResponseSchema, { item: { case: "summary", value: summary } });
    }
    default:
      return undefined;
  }
}
