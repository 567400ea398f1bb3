import { create } from "@bufbuild/protobuf";
import { pathToString } from "@bufbuild/protobuf/reflect";
import { Code, createClient, type Client, type Transport } from "@connectrpc/connect";
import { forHop, planFor, type ConsentState } from "@datapact/policy";
import { cloud, Hop } from "@datapact/proto";
import { CloudCallError } from "../errors/cloud-call-error.js";
import { ConsentRequiredError } from "../errors/consent-required-error.js";
import { InvalidSharePermissionError } from "../errors/invalid-share-permission-error.js";
import { cloudCallError } from "../transport/cloud-call-failure.js";

const ALLOWED: readonly cloud.SharePermission[] = [cloud.SharePermission.VIEW, cloud.SharePermission.BASIC_CONTROL];

/** The shares the user granted and those granted to the user. */
export interface ShareList {
  readonly granted: readonly cloud.Share[];
  readonly received: readonly cloud.Share[];
}

/**
 * Device sharing (000 §3.8, mechanisms M145-M148): the owner names the
 * account to share with, the shared party may only view and use basic
 * control, and the owner can revoke at any time. Calls are made as the user
 * and are never queued: a share or revocation happens now or fails.
 */
export class SharingClient {
  private readonly client: Client<typeof cloud.SharingService>;

  constructor(
    transport: Transport,
    private readonly consent: ConsentState,
  ) {
    this.client = createClient(cloud.SharingService, transport);
  }

  /**
   * Shares a device with the named account. `permissions` defaults to view
   * and basic control, and may not go beyond them
   * (InvalidSharePermissionError). The request is projected by the policy
   * like any record; if it would lose a field (no consent to the sharing
   * function's purposes) nothing is sent (ConsentRequiredError).
   */
  async shareDevice(deviceId: string, granteeAccountId: string, permissions: readonly cloud.SharePermission[] = ALLOWED): Promise<cloud.Share> {
    for (const p of permissions) if (!ALLOWED.includes(p)) throw new InvalidSharePermissionError(p);
    const request = create(cloud.ShareDeviceRequestSchema, { deviceId, granteeAccountId, permissions: [...new Set(permissions)] });
    const removed: string[] = [];
    const projected = forHop(cloud.ShareDeviceRequestSchema, request, Hop.APP_CLOUD, this.consent, { onDrop: (path) => removed.push(pathToString(path)) });
    if (removed.length > 0) throw new ConsentRequiredError(planFor(cloud.ShareDeviceRequestSchema).productId, cloud.ShareDeviceRequestSchema.typeName, removed);
    try {
      const response = await this.client.shareDevice(projected);
      if (!response.share) throw new CloudCallError("SharingService/ShareDevice", Code.Internal, false);
      return response.share;
    } catch (err) {
      throw cloudCallError("SharingService/ShareDevice", err);
    }
  }

  /** Revokes a share at once. */
  async revokeShare(shareId: string): Promise<void> {
    try {
      await this.client.revokeShare({ shareId });
    } catch (err) {
      throw cloudCallError("SharingService/RevokeShare", err);
    }
  }

  /** The user's shares, both ways. */
  async listShares(): Promise<ShareList> {
    try {
      const response = await this.client.listShares({});
      return { granted: response.granted, received: response.received };
    } catch (err) {
      throw cloudCallError("SharingService/ListShares", err);
    }
  }
}
