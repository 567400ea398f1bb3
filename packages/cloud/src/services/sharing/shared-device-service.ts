import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import { forSharedView, planFor, setLeaves } from "@datapact/policy";
import { cloud } from "@datapact/proto";
import { requireUser } from "../../auth/principal-context.js";
import type { CloudContext } from "../cloud-context.js";
import { checkedDeviceAction } from "../device-actions/checked-device-action.js";
import { notFound, permissionDenied } from "../errors/rejected-request-error.js";
import { latestDeviceRecords } from "./device-records.js";

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

/**
 * SharedDeviceService: what an account may see and do with a device it owns
 * or that is shared with it. The owner reads the device's records as
 * stored; a shared party with view permission reads the policy's shared
 * view of them (device state only, nothing personal of the owner) and,
 * with basic control, queues actions. Someone the device is not shared with
 * gets NOT_FOUND, exactly as for a device that does not exist.
 */
export function sharedDeviceService(ctx: CloudContext): ServiceImpl<typeof cloud.SharedDeviceService> {
  /** The device's owner, and whether the caller may act as `permission` on it. */
  async function access(callerId: string, deviceId: string, permission: cloud.SharePermission) {
    const device = await ctx.devices.bound(deviceId);
    if (!device) throw notFound("DEVICE_NOT_FOUND", "no such device");
    if (device.subjectId === callerId) return { device, owner: true };
    const share = await ctx.shares.standing(deviceId, callerId);
    if (!share || share.ownerSubjectId !== device.subjectId) throw notFound("DEVICE_NOT_FOUND", "no such device");
    if (!share.permissions.includes(permission)) throw permissionDenied("SHARE_PERMISSION_MISSING", "the share does not grant this");
    return { device, owner: false };
  }

  return {
    async readSharedDevice(req, hctx) {
      const { subjectId } = requireUser(hctx);
      const { device, owner } = await access(subjectId, req.deviceId, cloud.SharePermission.VIEW);
      const limit = req.pageSize === 0 ? DEFAULT_PAGE : Math.min(req.pageSize, MAX_PAGE);
      const stored = await latestDeviceRecords(ctx.db, ctx.keyring, ctx.policy.registry, device.subjectId, device.deviceId, limit);
      const records: cloud.SharedDeviceRecord[] = [];
      for (const r of stored) {
        const visible = owner ? r.message : forSharedView(r.schema, r.message);
        // A record of which nothing may be seen is left out, rather than shown empty.
        if (!owner && setLeaves(planFor(r.schema), visible).next().done) continue;
        records.push(create(cloud.SharedDeviceRecordSchema, { messageType: r.messageType, payload: toBinary(r.schema, visible), collectedAt: timestampFromDate(r.collectedAt) }));
      }
      ctx.logger.log("info", "device.read", { subjectId, deviceId: device.deviceId, owner, recordCount: records.length });
      return { records };
    },

    async controlDevice(req, hctx) {
      const { subjectId } = requireUser(hctx);
      const action = checkedDeviceAction(req.action, "action");
      const { device, owner } = await access(subjectId, req.deviceId, cloud.SharePermission.BASIC_CONTROL);
      const actionId = await ctx.actions.enqueue(device.subjectId, device.deviceId, action, ctx.clock.now());
      ctx.logger.log("info", "device.action_queued", { subjectId, deviceId: device.deviceId, actionId, owner });
      return { actionId };
    },
  };
}
