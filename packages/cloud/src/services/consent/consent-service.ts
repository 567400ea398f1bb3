import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, type ServiceImpl } from "@connectrpc/connect";
import { cloud, Purpose } from "@datapact/proto";
import { requireUser } from "../../auth/principal-context.js";
import type { CloudContext } from "../cloud-context.js";
import { invalidArgument, RejectedRequestError } from "../errors/rejected-request-error.js";
import type { StoredReceipt } from "./consent-ledger.js";

/** A stored receipt as the ConsentReceipt message. */
export function receiptMessageOf(r: StoredReceipt): cloud.ConsentReceipt {
  return create(cloud.ConsentReceiptSchema, {
    receiptId: r.receiptId,
    productId: r.productId,
    policyKind: r.kind,
    policyVersion: r.policyVersion,
    purposes: [...r.purposes],
    givenAt: timestampFromDate(r.givenAt),
    withdrawnAt: r.withdrawnAt ? timestampFromDate(r.withdrawnAt) : undefined,
  });
}

function checkedProduct(ctx: CloudContext, productId: string, allowGeneral: boolean): string {
  if (productId === "" && allowGeneral) return productId;
  if (!ctx.directory.hasProduct(productId)) throw invalidArgument("UNKNOWN_PRODUCT", "product_id: not a product of the pact");
  return productId;
}

const KNOWN_PURPOSES = new Set([Purpose.FUNCTIONALITY, Purpose.ANALYTICS, Purpose.PERSONALIZATION, Purpose.ADVERTISING]);

/**
 * ConsentService: receipts against the policy versions in force, and the
 * per-product function and upload switches. Withdrawing takes effect for
 * the next record at once.
 */
export function consentService(ctx: CloudContext): ServiceImpl<typeof cloud.ConsentService> {
  return {
    async giveConsent(req, hctx) {
      const { subjectId } = requireUser(hctx);
      const general = req.policyKind === cloud.PolicyKind.GENERAL;
      if (!general && req.policyKind !== cloud.PolicyKind.PRODUCT) throw invalidArgument("INVALID_REQUEST", "policy_kind: must be general or product");
      if (general && req.productId !== "") throw invalidArgument("INVALID_REQUEST", "product_id: must be empty for the general policy");
      checkedProduct(ctx, req.productId, general);
      // A product the general policy governs has no policy of its own; after
      // its authorization was revoked, consent to it is given again under the
      // policy that governs it (and recorded as the product's receipt).
      const reauthorizing = !general && !ctx.policies.inForce(req.policyKind, req.productId) && (await ctx.consent.isProductWithdrawn(subjectId, req.productId));
      const inForce = reauthorizing ? ctx.policies.governing(req.productId) : ctx.policies.inForce(req.policyKind, req.productId);
      if (!inForce) throw new RejectedRequestError(Code.FailedPrecondition, "NO_POLICY_PUBLISHED", "no such policy is published");
      if (req.policyVersion !== inForce.version)
        throw new RejectedRequestError(Code.FailedPrecondition, "POLICY_VERSION_NOT_CURRENT", "policy_version: not the version in force");
      const purposes = [...new Set(req.purposes)];
      if (purposes.length === 0 || purposes.some((p) => !KNOWN_PURPOSES.has(p))) throw invalidArgument("INVALID_REQUEST", "purposes: at least one, each a defined purpose");
      if (purposes.some((p) => !inForce.purposes.includes(p))) throw invalidArgument("PURPOSE_NOT_CONSENTED", "purposes: the policy in force does not ask for some of them");
      const receipt = await ctx.db.transaction(async (tx) => {
        const ledger = ctx.consent.bind(tx);
        const given = await ledger.give(subjectId, { kind: req.policyKind, productId: req.productId, version: inForce.version, purposes }, ctx.clock.now());
        if (!general) await ledger.restoreProduct(subjectId, req.productId);
        return given;
      });
      ctx.logger.log("info", "consent.given", { subjectId, receiptId: receipt.receiptId, productId: receipt.productId || undefined });
      return { receipt: receiptMessageOf(receipt) };
    },

    async withdrawConsent(req, hctx) {
      const { subjectId } = requireUser(hctx);
      checkedProduct(ctx, req.productId, true);
      if (req.purposes.some((p) => !KNOWN_PURPOSES.has(p))) throw invalidArgument("INVALID_REQUEST", "purposes: each a defined purpose");
      const purposes = [...new Set(req.purposes)];
      const changed = await ctx.consent.withdraw(subjectId, req.productId, purposes, ctx.clock.now());
      ctx.logger.log("info", "consent.withdrawn", { subjectId, receiptIds: changed.map((r) => r.receiptId) });
      if (ctx.rights) {
        // Withdrawal also erases what the consent covered (000 §05; decision
        // 0011): some purposes narrow the records, a product's consent erases
        // that product's data, and the general policy's (the whole app)
        // erases the account and everything in it.
        const rights = ctx.rights;
        const job =
          purposes.length > 0
            ? await rights.withdrawal.withdrawPurposes(subjectId, purposes, req.productId)
            : req.productId !== ""
              ? await rights.withdrawal.withdrawProduct(subjectId, req.productId)
              : await rights.withdrawal.withdrawApp(subjectId);
        ctx.logger.log("info", "consent.erasure_started", { subjectId, jobId: job.jobId });
        void rights.runner.run(job.jobId).catch((e: Error) => ctx.logger.log("error", "deletion.run_failed", { jobId: job.jobId, error: e.name }));
      }
      return { withdrawn: changed.map(receiptMessageOf) };
    },

    async listConsents(req, hctx) {
      const { subjectId } = requireUser(hctx);
      const receipts = await ctx.consent.list(subjectId, req.productId === "" ? undefined : req.productId);
      return { receipts: receipts.map(receiptMessageOf) };
    },

    async setFunction(req, hctx) {
      const { subjectId } = requireUser(hctx);
      if (!ctx.directory.hasFunction(req.productId, req.function)) throw invalidArgument("UNKNOWN_FUNCTION", "function: not a function of that product in the pact");
      await ctx.consent.setFunction(subjectId, req.productId, req.function, req.enabled, ctx.clock.now());
      ctx.logger.log("info", "function.switched", { subjectId, productId: req.productId, function: req.function, enabled: req.enabled });
      return {};
    },

    async setUploadSwitch(req, hctx) {
      const { subjectId } = requireUser(hctx);
      if (!ctx.directory.hasUploadSwitch(req.productId, req.uploadSwitch))
        throw invalidArgument("UNKNOWN_UPLOAD_SWITCH", "upload_switch: not an upload switch of that product in the pact");
      await ctx.consent.setUploadSwitch(subjectId, req.productId, req.uploadSwitch, req.enabled, ctx.clock.now());
      ctx.logger.log("info", "upload.switched", { subjectId, productId: req.productId, uploadSwitch: req.uploadSwitch, enabled: req.enabled });
      return {};
    },
  };
}
