import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, type ServiceImpl } from "@connectrpc/connect";
import { cloud } from "@datapact/proto";
import { principalOf, requireUser } from "../../auth/principal-context.js";
import { checkedRegion, createSubject } from "../../identity/subjects.js";
import { LOCATION_CODE, residencyRuleOf } from "../../residency/residency-table.js";
import type { CloudContext } from "../cloud-context.js";
import { permissionDenied, RejectedRequestError } from "../errors/rejected-request-error.js";

function sessionFor(ctx: CloudContext, subjectId: string): cloud.UserSession {
  const { token, expiresAt } = ctx.userTokens.issue(subjectId);
  return create(cloud.UserSessionSchema, { accountId: subjectId, userToken: token, expiresAt: timestampFromDate(expiresAt) });
}

/**
 * AccountService: the reference cloud's development identity provider. An
 * account is a data subject in the region chosen at sign-up, with a random
 * id that says nothing about the person; tokens are signed and expire.
 */
export function accountService(ctx: CloudContext): ServiceImpl<typeof cloud.AccountService> {
  return {
    async createAccount(req, hctx) {
      const caller = principalOf(hctx);
      if (caller.kind === "device" || caller.kind === "manufacturer" || caller.kind === "install")
        throw permissionDenied("WRONG_PRINCIPAL", "accounts are created by people, not by devices, manufacturers or installs");
      let idPrefix: string | undefined;
      if (ctx.location !== undefined) {
        const home = residencyRuleOf(checkedRegion(req.region)).location;
        if (home !== ctx.location)
          throw new RejectedRequestError(Code.FailedPrecondition, "REGION_SERVED_ELSEWHERE", `accounts of this region are stored in ${home}; this node stores ${ctx.location}`);
        idPrefix = LOCATION_CODE[ctx.location];
      }
      const subjectId = await createSubject(ctx.db, req.region, { idPrefix });
      ctx.logger.log("info", "account.created", { subjectId });
      return { session: sessionFor(ctx, subjectId) };
    },

    async refreshUserToken(_req, hctx) {
      const { subjectId } = requireUser(hctx);
      return { session: sessionFor(ctx, subjectId) };
    },

    async issueBindingChallenge(_req, hctx) {
      const { subjectId } = requireUser(hctx);
      const challenge = ctx.bindingVerifier.issueChallenge(subjectId);
      return { challenge: { accountId: challenge.accountId, nonce: challenge.nonce } };
    },
  };
}
