import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import { canonicalMac, decodeBindingProof } from "@datapact/device";
import { cloud } from "@datapact/proto";
import { timingSafeEqual } from "node:crypto";
import { bearerSecretHash, DEVICE_KEY_PREFIX, newBearerSecret } from "../../auth/bearer-secret.js";
import { requireDevice, requireUser } from "../../auth/principal-context.js";
import type { CloudContext } from "../cloud-context.js";
import { invalidArgument, notFound, permissionDenied } from "../errors/rejected-request-error.js";

/** How long a binding challenge stays valid. */
export const BINDING_CHALLENGE_TTL_MS = 5 * 60_000;
import type { BoundDeviceRow } from "./device-registry.js";

function boundDeviceOf(d: BoundDeviceRow): cloud.BoundDevice {
  return create(cloud.BoundDeviceSchema, { deviceId: d.deviceId, productId: d.productId, mac: d.mac, serialNumber: d.serialNumber, boundAt: timestampFromDate(d.boundAt) });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * BindingService (000 §3.4 (1), §3.8; M144): the cloud issues a single-use
 * challenge to the account; a device is bound to the account whose challenge it signed with its factory key over its MAC and
 * serial number; the cloud then issues a device key, stores only its hash,
 * and from then on accepts the device's data. Unbinding queues unbind and
 * factory-reset commands the device fetches with its key, ends the device's
 * shares and pending actions, and withdraws the manufacturer's pairwise id
 * when the account keeps no other device of that manufacturer.
 */
export function bindingService(ctx: CloudContext): ServiceImpl<typeof cloud.BindingService> {
  return {
    async createBindingChallenge(req, hctx) {
      const { subjectId } = requireUser(hctx);
      if (!ctx.directory.hasProduct(req.productId)) throw invalidArgument("UNKNOWN_PRODUCT", "product_id: not a product of the pact");
      const challenge = ctx.bindingVerifier.issueChallenge(subjectId);
      return { nonce: challenge.nonce, expiresAt: timestampFromDate(new Date(ctx.clock.now().getTime() + BINDING_CHALLENGE_TTL_MS)) };
    },

    async bindDevice(req, hctx) {
      const { subjectId } = requireUser(hctx);
      if (!ctx.directory.hasProduct(req.productId)) throw invalidArgument("UNKNOWN_PRODUCT", "product_id: not a product of the pact");
      if (req.bindingProof.length === 0) throw invalidArgument("BINDING_PROOF_MISSING", "binding_proof: the device's proof of ownership is required");
      const proof = decodeBindingProof(req.bindingProof);
      if (
        proof.accountId !== subjectId ||
        proof.mac !== canonicalMac(req.mac) ||
        proof.serialNumber !== req.serialNumber ||
        !sameBytes(proof.devicePublicKey, req.devicePublicKey)
      ) {
        throw permissionDenied("BINDING_PROOF_MISMATCH", "the binding proof does not prove this request's account, MAC, serial number and device key");
      }
      const verified = await ctx.bindingVerifier.verify(proof);
      const deviceKey = newBearerSecret(DEVICE_KEY_PREFIX);
      const device = await ctx.db.transaction(async (tx) => {
        const added = await ctx.devices.bind(tx).add({
          subjectId,
          productId: req.productId,
          mac: verified.mac,
          serialNumber: verified.serialNumber,
          publicKey: verified.devicePublicKey,
          keyHash: bearerSecretHash(deviceKey),
          at: ctx.clock.now(),
        });
        const manufacturerId = await ctx.manufacturers.manufacturerOf(req.productId, tx);
        if (manufacturerId) await ctx.pairwise.bind(tx).pairwiseIdFor(subjectId, manufacturerId);
        return added;
      });
      ctx.logger.log("info", "device.bound", { subjectId, deviceId: device.deviceId, productId: device.productId });
      return { device: boundDeviceOf(device), deviceKey };
    },

    async unbindDevice(req, hctx) {
      const { subjectId } = requireUser(hctx);
      const at = ctx.clock.now();
      const unbound = await ctx.db.transaction(async (tx) => {
        const devices = ctx.devices.bind(tx);
        const device = await devices.unbind(subjectId, req.deviceId, at);
        if (!device) return undefined;
        await ctx.actions.bind(tx).dropPending(subjectId, device.deviceId);
        await ctx.shares.bind(tx).revokeAllOf(subjectId, device.deviceId, at);
        const manufacturerId = await ctx.manufacturers.manufacturerOf(device.productId, tx);
        if (manufacturerId) {
          const products = new Set(await ctx.manufacturers.productsOf(manufacturerId, tx));
          const stillOwns = (await devices.listBound(subjectId)).some((d) => products.has(d.productId));
          if (!stillOwns) await ctx.pairwise.bind(tx).revokeFor(subjectId, manufacturerId);
        }
        return device;
      });
      if (!unbound) throw notFound("DEVICE_NOT_FOUND", "no such device bound to this account");
      ctx.logger.log("info", "device.unbound", { subjectId, deviceId: unbound.deviceId });
      return {};
    },

    async listDevices(_req, hctx) {
      const { subjectId } = requireUser(hctx);
      return { devices: (await ctx.devices.listBound(subjectId)).map(boundDeviceOf) };
    },

    async pollDeviceCommands(req, hctx) {
      const device = requireDevice(hctx);
      if (req.deviceId !== "" && req.deviceId !== device.deviceId) throw notFound("DEVICE_NOT_FOUND", "a device fetches its own commands only");
      const commands = await ctx.devices.takeCommands(device.deviceId, ctx.clock.now());
      if (commands.length > 0) ctx.logger.log("info", "device.commands_delivered", { deviceId: device.deviceId, commandIds: commands.map((c) => c.commandId) });
      return { commands: commands.map((c) => ({ commandId: c.commandId, kind: c.kind })) };
    },
  };
}
