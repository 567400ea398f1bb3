import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { cloud } from "@datapact/proto";
import type { DeletionJob } from "../delete/deletion-job.js";

const STATE: Readonly<Record<DeletionJob["state"], cloud.DeletionState>> = {
  pending: cloud.DeletionState.PENDING,
  running: cloud.DeletionState.RUNNING,
  done: cloud.DeletionState.DONE,
};

/** A job as the DataRightsService reports it. */
export function deletionJobMessage(job: DeletionJob): cloud.DeletionJob {
  return create(cloud.DeletionJobSchema, {
    jobId: job.jobId,
    productId: job.productId,
    state: STATE[job.state],
    completedSteps: [...job.completedSteps],
    requestedAt: timestampFromDate(job.requestedAt),
    finishedAt: job.finishedAt ? timestampFromDate(job.finishedAt) : undefined,
  });
}
