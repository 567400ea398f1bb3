import type { Registry } from "@bufbuild/protobuf";
import type { DataKeyring } from "../../../keys/data-keyring.js";
import type { Database } from "../../../storage/database/database.js";
import type { DeletionJob } from "../deletion-job.js";

/** What a step works with. Steps open their own transactions, one per batch, so progress survives a crash. */
export interface StepContext {
  readonly db: Database;
  /** The job; a step runs only for jobs that name a subject. */
  readonly job: DeletionJob & { readonly subjectId: string };
  readonly keyring: DataKeyring;
  /** Message types the records table may hold. */
  readonly registry: Registry;
  /** Records read (decrypted, rewritten) per batch and transaction. */
  readonly batchSize: number;
  /** Records erased per statement and transaction. */
  readonly eraseBatchSize: number;
  readonly now: () => Date;
  /**
   * Called after every committed batch: renews the runner's lease (throwing
   * when it was lost) and is where tests inject crashes.
   */
  readonly checkpoint: (point: string) => Promise<void>;
}

/** What a step did, by what it counted (`records`, `devices` ...), for the job's log line. */
export type StepCounts = Readonly<Record<string, number>>;

/** One step of a deletion job. Idempotent: running it again after it finished (or half-finished) changes nothing more. */
export type DeletionStepRun = (ctx: StepContext) => Promise<StepCounts>;
