import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import { forManufacturerView } from "@datapact/policy";
import { cloud } from "@datapact/proto";
import { requireManufacturer } from "../auth/principal-context.js";
import type { CloudContext } from "../services/cloud-context.js";
import { invalidArgument, notFound } from "../services/errors/rejected-request-error.js";
import { checkedId } from "../storage/validation/checked-id.js";
import { ManufacturerPageTokens } from "./manufacturer-page-token.js";
import { pairwiseHandle } from "./pairwise-handle.js";

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

function pageSize(requested: number): number {
  return requested === 0 ? DEFAULT_PAGE : Math.min(requested, MAX_PAGE);
}

/**
 * ManufacturerService (001 §4.3 (4); M077, M151): a manufacturer, by its API
 * key, lists the users of its own products under its own pairwise ids and
 * reads their records of its products through the policy's manufacturer
 * view. Subject ids, device ids and record ids never leave: devices and
 * records are named by handles keyed to the manufacturer. A pairwise id
 * issued to another manufacturer, a revoked one and an unknown one all give
 * NOT_FOUND, so nothing tells them apart.
 */
export function manufacturerService(ctx: CloudContext): ServiceImpl<typeof cloud.ManufacturerService> {
  const tokens = new ManufacturerPageTokens(ctx.pairwiseSecret);
  return {
    async listUsers(req, hctx) {
      const { manufacturerId } = requireManufacturer(hctx);
      const limit = pageSize(req.pageSize);
      let after = "";
      if (req.pageToken !== "") {
        if (!/^[A-Za-z0-9_-]{1,512}$/.test(req.pageToken)) throw invalidArgument("INVALID_PAGE_TOKEN", "page_token: not a token of this query");
        after = Buffer.from(req.pageToken, "base64url").toString("utf8");
      }
      // The token is the last pairwise id of the page, which the manufacturer already holds.
      const { rows } = await ctx.db.query<{ pairwise_id: string; subject_id: string }>(
        `select pairwise_id, subject_id from pairwise_ids
         where manufacturer_id = $1 and revoked_at is null and pairwise_id > $2
         order by pairwise_id limit $3`,
        [manufacturerId, after, limit + 1],
      );
      const page = rows.slice(0, limit);
      const products = await ctx.manufacturers.productsOf(manufacturerId);
      const { rows: devices } =
        page.length === 0 || products.length === 0
          ? { rows: [] as { subject_id: string; device_id: string; product_id: string }[] }
          : await ctx.db.query<{ subject_id: string; device_id: string; product_id: string }>(
              `select subject_id, device_id, product_id from devices
               where subject_id = any($1::text[]) and product_id = any($2::text[]) and unbound_at is null
               order by bound_at, device_id`,
              [page.map((r) => r.subject_id), products],
            );
      const users = page.map((r) =>
        create(cloud.ManufacturerUserSchema, {
          userId: r.pairwise_id,
          devices: devices
            .filter((d) => d.subject_id === r.subject_id)
            .map((d) => ({ deviceHandle: pairwiseHandle(ctx.pairwiseSecret, "device", manufacturerId, d.subject_id, d.device_id), productId: d.product_id })),
        }),
      );
      const last = page[page.length - 1];
      ctx.logger.log("info", "manufacturer.users_listed", { manufacturerId, userCount: users.length });
      return { users, nextPageToken: rows.length > limit && last ? Buffer.from(last.pairwise_id, "utf8").toString("base64url") : "" };
    },

    async listUserRecords(req, hctx) {
      const { manufacturerId } = requireManufacturer(hctx);
      const userId = checkedId(req.userId, "user_id");
      const subjectId = await ctx.pairwise.resolvePairwise(manufacturerId, userId);
      if (!subjectId) throw notFound("USER_NOT_FOUND", "no such user of this manufacturer");
      const products = await ctx.manufacturers.productsOf(manufacturerId);
      if (!products.includes(req.productId)) throw notFound("PRODUCT_NOT_FOUND", "no such product of this manufacturer");
      const page = await ctx.records.list(subjectId, {
        productId: req.productId,
        pageSize: pageSize(req.pageSize),
        pageToken: tokens.unwrap(req.pageToken, manufacturerId, userId, req.productId),
      });
      const records = page.records.map((r) =>
        create(cloud.ManufacturerRecordSchema, {
          recordHandle: pairwiseHandle(ctx.pairwiseSecret, "record", manufacturerId, subjectId, r.recordId),
          deviceHandle: r.deviceId ? pairwiseHandle(ctx.pairwiseSecret, "device", manufacturerId, subjectId, r.deviceId) : "",
          messageType: r.messageType,
          payload: toBinary(r.schema, forManufacturerView(r.schema, r.message)),
          collectedAt: timestampFromDate(r.collectedAt),
        }),
      );
      ctx.logger.log("info", "manufacturer.records_read", { manufacturerId, productId: req.productId, recordCount: records.length });
      return { records, nextPageToken: tokens.wrap(page.nextPageToken, manufacturerId, userId, req.productId) };
    },
  };
}
