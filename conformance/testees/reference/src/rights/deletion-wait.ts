import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type Client } from "@connectrpc/connect";
import { cloud } from "@datapact/proto";

/** How long the app waits for an erasure the cloud runs in the background (a deletion, a revocation) before it answers the step. */
export const DELETION_WAIT_MS = 20_000;

/**
 * Whether a data-rights call failed because the account no longer exists:
 * an account deletion erases the data subject as its last step, after
 * which the user's token names nobody. For the deletion that is the end,
 * not a failure.
 */
export function accountGone(err: unknown): boolean {
  return ConnectError.from(err).code === Code.Unauthenticated;
}

/**
 * Polls a deletion job until it is done or `waitMs` passed. An account
 * deletion is done once the account is gone (GetDeletionJob can no longer
 * be asked by its subject).
 */
export async function awaitDeletion(client: Client<typeof cloud.DataRightsService>, job: cloud.DeletionJob | undefined, waitMs: number): Promise<cloud.DeletionJob | undefined> {
  const deadline = Date.now() + waitMs;
  let current = job;
  while (current && current.state !== cloud.DeletionState.DONE && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    const asked: cloud.DeletionJob = current;
    try {
      current = (await client.getDeletionJob({ jobId: asked.jobId })).job;
    } catch (err) {
      if (!accountGone(err) || asked.productId !== "") throw err;
      current = create(cloud.DeletionJobSchema, { jobId: asked.jobId, productId: asked.productId, completedSteps: asked.completedSteps, state: cloud.DeletionState.DONE });
    }
  }
  return current;
}
