import type { ServiceImpl } from "@connectrpc/connect";
import type { cloud } from "@datapact/proto";
import { requireDevice } from "../../auth/principal-context.js";
import type { CloudContext } from "../cloud-context.js";
import { notFound, permissionDenied } from "../errors/rejected-request-error.js";

/** DeviceActionService: a bound device fetches the actions waiting for it, with its device key. */
export function deviceActionService(ctx: CloudContext): ServiceImpl<typeof cloud.DeviceActionService> {
  return {
    async pollDeviceActions(req, hctx) {
      const device = requireDevice(hctx);
      if (req.deviceId !== "" && req.deviceId !== device.deviceId) throw notFound("DEVICE_NOT_FOUND", "a device fetches its own actions only");
      if (!device.bound) throw permissionDenied("DEVICE_NOT_BOUND", "the device is no longer bound");
      const actions = await ctx.actions.take(device.subjectId, device.deviceId, ctx.clock.now());
      if (actions.length > 0) ctx.logger.log("info", "device.actions_delivered", { deviceId: device.deviceId, actionIds: actions.map((a) => a.actionId) });
      return { actions: actions.map((a) => ({ actionId: a.actionId, action: { method: a.method, params: [...a.params] } })) };
    },
  };
}
