import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import { cloud } from "@datapact/proto";
import { principalOf } from "../../auth/principal-context.js";
import type { CloudLogger } from "../../logging/cloud-logger.js";
import { errorLogFields } from "../../logging/error-log-fields.js";
import type { DataRights } from "../data-rights.js";
import type { DeletionJob } from "../delete/deletion-job.js";
import { CallerNotAllowedError } from "../errors/caller-not-allowed-error.js";
import { deletionJobMessage } from "./deletion-job-message.js";
import { exportResponseOf } from "./export-response.js";
import { rightsConnectError } from "./rights-connect-error.js";

/** Dependencies of {@link createDataRightsService}. */
export interface DataRightsServiceDeps {
  readonly rights: DataRights;
  readonly logger?: CloudLogger;
  /**
   * When a deletion job runs: `background` (default) starts it after
   * answering, so DeleteData returns at once with the job pending;
   * `await` runs it to the end first (tests, small deployments). Either
   * way a crash leaves it to DeletionRunner.runPending.
   */
  readonly runDeletion?: "background" | "await";
}

/** The calling account; a device, manufacturer or anonymous caller exercises nobody's rights. */
function subjectOf(ctx: HandlerContext): string {
  const p = principalOf(ctx);
  if (p.kind !== "user") throw new CallerNotAllowedError(p.kind);
  return p.subjectId;
}

async function mapped<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw rightsConnectError(err);
  }
}

/**
 * The pact's DataRightsService (proto/datapact/cloud/v1/rights.proto) over
 * the data-rights engine. Every right is the caller's own: an account
 * exports, corrects and deletes its data; an install enrolled in the
 * improvement plan deletes what its token collected (DeleteData with no
 * product). Devices, manufacturers and anonymous callers are refused
 * (PERMISSION_DENIED / UNAUTHENTICATED), and a party a device was shared
 * with only ever reaches its own data.
 */
export function createDataRightsService(deps: DataRightsServiceDeps): ServiceImpl<typeof cloud.DataRightsService> {
  const { rights, logger } = deps;
  const start = async (job: DeletionJob): Promise<DeletionJob> => {
    if (job.state === "done") return job;
    if (deps.runDeletion === "await") return (await rights.runner.run(job.jobId)) ?? job;
    void rights.runner.run(job.jobId).catch((err: unknown) => logger?.log("error", "rights.deletion.interrupted", { jobId: job.jobId, ...errorLogFields(err) }));
    return job;
  };

  return {
    async *exportData(req, ctx) {
      try {
        const subjectId = subjectOf(ctx);
        const productId = rights.deletions.checkedProduct(req.productId);
        let records = 0;
        for await (const item of rights.exports.items(subjectId, { productId })) {
          if (item.kind === "record") records++;
          const response = exportResponseOf(item);
          if (response) yield response;
        }
        logger?.log("info", "rights.exported", { subjectId, productId: productId || undefined, recordCount: records });
      } catch (err) {
        throw rightsConnectError(err);
      }
    },

    correctRecord: (req, ctx) =>
      mapped(async () => {
        const subjectId = subjectOf(ctx);
        const stored = await rights.correction.correct(subjectId, req.record);
        logger?.log("info", "rights.corrected", { subjectId, recordId: stored.recordId, messageType: stored.messageType });
        return {};
      }),

    deleteData: (req, ctx) =>
      mapped(async () => {
        const p = principalOf(ctx);
        if (p.kind === "install") {
          if (req.productId !== "") throw new CallerNotAllowedError("install");
          const { job, events } = await rights.installs.erase(p.installToken);
          logger?.log("info", "rights.install_erased", { jobId: job.jobId, eventCount: events });
          return { job: deletionJobMessage(job) };
        }
        const subjectId = subjectOf(ctx);
        const job = await rights.deletions.requestDeletion(subjectId, req.productId);
        logger?.log("info", "rights.deletion.requested", { subjectId, jobId: job.jobId, scope: job.scope, productId: job.productId || undefined });
        return { job: deletionJobMessage(await start(job)) };
      }),

    getDeletionJob: (req, ctx) =>
      mapped(async () => {
        const subjectId = subjectOf(ctx);
        return { job: deletionJobMessage(await rights.deletions.jobOf(subjectId, req.jobId)) };
      }),
  };
}
