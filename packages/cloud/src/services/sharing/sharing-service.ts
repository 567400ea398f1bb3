import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import { cloud } from "@datapact/proto";
import { requireUser } from "../../auth/principal-context.js";
import { checkedId } from "../../storage/validation/checked-id.js";
import type { CloudContext } from "../cloud-context.js";
import { invalidArgument, notFound } from "../errors/rejected-request-error.js";
import type { ShareRow } from "./share-store.js";

const GRANTABLE = new Set([cloud.SharePermission.VIEW, cloud.SharePermission.BASIC_CONTROL]);

function shareOf(s: ShareRow): cloud.Share {
  return create(cloud.ShareSchema, {
    shareId: s.shareId,
    deviceId: s.deviceId,
    granteeAccountId: s.granteeSubjectId,
    permissions: [...s.permissions],
    createdAt: timestampFromDate(s.createdAt),
    revokedAt: s.revokedAt ? timestampFromDate(s.revokedAt) : undefined,
  });
}

/**
 * SharingService (000 §3.8 (3); M145-M148): the owner names the account to
 * share a bound device with, grants view and basic control only, stays the
 * sole owner, and revokes at once.
 */
export function sharingService(ctx: CloudContext): ServiceImpl<typeof cloud.SharingService> {
  return {
    async shareDevice(req, hctx) {
      const { subjectId } = requireUser(hctx);
      const grantee = checkedId(req.granteeAccountId, "grantee_account_id");
      if (grantee === subjectId) throw invalidArgument("INVALID_REQUEST", "grantee_account_id: the owner already owns the device");
      const permissions = [...new Set(req.permissions)].sort((a, b) => a - b);
      if (permissions.length === 0 || permissions.some((p) => !GRANTABLE.has(p)))
        throw invalidArgument("INVALID_REQUEST", "permissions: view and/or basic control, nothing else");
      const device = await ctx.devices.owned(subjectId, req.deviceId);
      if (!device) throw notFound("DEVICE_NOT_FOUND", "no such device bound to this account");
      const share = await ctx.shares.create(subjectId, device.deviceId, grantee, permissions, ctx.clock.now());
      ctx.logger.log("info", "share.created", { subjectId, shareId: share.shareId, deviceId: share.deviceId, granteeSubjectId: grantee });
      return { share: shareOf(share) };
    },

    async revokeShare(req, hctx) {
      const { subjectId } = requireUser(hctx);
      const revoked = await ctx.shares.revoke(subjectId, req.shareId, ctx.clock.now());
      if (!revoked) throw notFound("SHARE_NOT_FOUND", "no such standing share of this account");
      ctx.logger.log("info", "share.revoked", { subjectId, shareId: revoked.shareId });
      return {};
    },

    async listShares(_req, hctx) {
      const { subjectId } = requireUser(hctx);
      const [granted, received] = [await ctx.shares.granted(subjectId), await ctx.shares.received(subjectId)];
      return { granted: granted.map(shareOf), received: received.map(shareOf) };
    },
  };
}
