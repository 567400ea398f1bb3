import type { ServiceImpl } from "@connectrpc/connect";
import { cloud, Hop } from "@datapact/proto";
import { principalOf, requireUser } from "../../auth/principal-context.js";
import type { CloudContext } from "../cloud-context.js";
import { permissionDenied } from "../errors/rejected-request-error.js";
import { recordMessageOf } from "../record-message.js";
import type { AnalyticsIngest } from "./analytics-ingest.js";
import type { IngestCaller, IngestPipeline } from "./ingest-pipeline.js";

const MAX_PAGE = 1000;

/**
 * SyncService: Ingest for accounts (app -> cloud), bound devices (device ->
 * cloud) and enrolled installs (unlinked analytics); Pull for accounts.
 */
export function syncService(ctx: CloudContext, pipeline: IngestPipeline, analytics: AnalyticsIngest): ServiceImpl<typeof cloud.SyncService> {
  return {
    async ingest(req, hctx) {
      const principal = principalOf(hctx);
      if (principal.kind === "install") {
        const result = await analytics.ingest(principal.installToken, req.records);
        ctx.logger.log("info", "analytics.stored", { eventCount: result.eventIds.length });
        return { recordIds: [...result.eventIds], dropped: result.dropped.map((d) => ({ recordId: d.recordId, fieldPaths: [...d.fieldPaths] })) };
      }
      let caller: IngestCaller;
      if (principal.kind === "device") {
        if (!principal.bound) throw permissionDenied("DEVICE_NOT_BOUND", "the device is no longer bound");
        caller = { subjectId: principal.subjectId, hop: Hop.DEVICE_CLOUD, deviceId: principal.deviceId };
      } else {
        caller = { subjectId: requireUser(hctx).subjectId, hop: Hop.APP_CLOUD };
      }
      const result = await pipeline.ingest(caller, req.records);
      const dropped = result.records.filter((r) => r.droppedPaths.length > 0).map((r) => ({ recordId: r.toStore.recordId, fieldPaths: [...r.droppedPaths] }));
      ctx.logger.log("info", "ingest.stored", {
        subjectId: caller.subjectId,
        deviceId: caller.deviceId,
        insertedIds: [...result.insertedIds],
        existingIds: result.existingIds.length > 0 ? [...result.existingIds] : undefined,
        messageTypes: [...new Set(result.records.map((r) => r.toStore.schema.typeName))],
        droppedPaths: [...new Set(dropped.flatMap((d) => d.fieldPaths))],
      });
      return { recordIds: result.records.map((r) => r.toStore.recordId), dropped };
    },

    async pull(req, hctx) {
      const { subjectId } = requireUser(hctx);
      const page = await ctx.records.list(subjectId, {
        productId: req.productId === "" ? undefined : req.productId,
        messageType: req.messageType === "" ? undefined : req.messageType,
        pageSize: req.pageSize === 0 ? 100 : Math.min(req.pageSize, MAX_PAGE),
        pageToken: req.pageToken,
      });
      return { records: page.records.map(recordMessageOf), nextPageToken: page.nextPageToken };
    },
  };
}
