import type { ServiceImpl } from "@connectrpc/connect";
import { cloud, Hop } from "@datapact/proto";
import { Code } from "@connectrpc/connect";
import { requireUser } from "../auth/principal-context.js";
import type { CloudContext } from "../services/cloud-context.js";
import { invalidArgument, notFound, permissionDenied, RejectedRequestError } from "../services/errors/rejected-request-error.js";
import { recordMessageOf } from "../services/record-message.js";
import type { IngestPipeline } from "../services/sync/ingest-pipeline.js";

/**
 * SceneService: scenes are saved like records (statement, consent receipt,
 * the smart_scene function switch, the policy's projection and sealing),
 * with two checks of their own: both the trigger's device and every
 * action's device must be bound to the caller, so a scene can neither watch
 * nor move someone else's device.
 */
export function sceneService(ctx: CloudContext, pipeline: IngestPipeline): ServiceImpl<typeof cloud.SceneService> {
  return {
    async saveScene(req, hctx) {
      const { subjectId } = requireUser(hctx);
      if (!req.record) throw invalidArgument("INVALID_REQUEST", "record: required");
      if (req.record.deviceId !== "") throw invalidArgument("INVALID_REQUEST", "record.device_id: a scene belongs to the account, not to a device");
      const prepared = await pipeline.prepare({ subjectId, hop: Hop.APP_CLOUD }, [req.record], { scenes: true });
      const record = prepared.records[0]!;
      const scene = record.toStore.message as cloud.Scene;
      if (!scene.trigger || scene.actions.length === 0) throw invalidArgument("INVALID_REQUEST", "record.payload: a scene has a trigger and at least one action");
      const bound = new Set((await ctx.devices.listBound(subjectId)).map((d) => d.deviceId));
      if (!bound.has(scene.trigger.deviceId) || scene.actions.some((a) => !bound.has(a.deviceId)))
        throw permissionDenied("DEVICE_NOT_BOUND", "a scene links devices bound to this account only");
      const sceneId = record.toStore.recordId;
      await ctx.db.transaction(async (tx) => {
        const scenes = ctx.scenes.bind(tx);
        const existing = await scenes.recordWithId(subjectId, sceneId);
        if (existing && existing.messageType !== cloud.SceneSchema.typeName)
          throw new RejectedRequestError(Code.AlreadyExists, "RECORD_ID_TAKEN", "record.record_id: another record has this id");
        await scenes.save(subjectId, record.toStore as never);
      });
      ctx.logger.log("info", "scene.saved", { subjectId, sceneId, droppedPaths: [...record.droppedPaths] });
      return { sceneId, droppedFieldPaths: [...record.droppedPaths] };
    },

    async listScenes(_req, hctx) {
      const { subjectId } = requireUser(hctx);
      return { scenes: (await ctx.scenes.list(subjectId)).map((s) => recordMessageOf(s.record)) };
    },

    async deleteScene(req, hctx) {
      const { subjectId } = requireUser(hctx);
      if (!(await ctx.scenes.delete(subjectId, req.sceneId))) throw notFound("SCENE_NOT_FOUND", "no such scene of this account");
      ctx.logger.log("info", "scene.deleted", { subjectId, sceneId: req.sceneId });
      return {};
    },
  };
}
