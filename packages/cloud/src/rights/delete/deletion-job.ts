import type { Purpose } from "@datapact/proto";

/**
 * What a deletion job erases:
 * - `product`: one product's data of a subject (DeleteData with a product,
 *   or withdrawing that product's consent, M132);
 * - `account`: everything of a subject, the subject itself included
 *   (DeleteData without a product, or withdrawing the app's consent, M130,
 *   M133, M136);
 * - `purposes`: the uses of a subject's records for withdrawn purposes
 *   (withdrawing analytics consent under the account);
 * - `install`: what an improvement-plan install token collected (M142).
 */
export type DeletionScope = "product" | "account" | "purposes" | "install";

/**
 * One durable step of a job. Each is idempotent and recorded when done, so
 * a job resumes after a crash at the first step not recorded:
 * - `consent`: consent withdrawn (done with the request, in its transaction);
 * - `anonymize`: records the pact lets survive anonymized moved out, unlinked;
 * - `shares`: the subject's shares of the devices concerned revoked;
 * - `devices`: bound devices unbound, unbind and factory-reset queued for
 *   each (delivered when it next polls), binding rows erased;
 * - `pairwise_ids`: manufacturers' pairwise ids revoked (they stop resolving);
 * - `keys`: the subject's data key destroyed (crypto-shredding);
 * - `rows`: records erased (or, for `purposes`, narrowed), in batches (an
 *   account's last batch goes with the subject row, in the `account` step);
 * - `account`: every remaining row of the subject and the subject erased;
 * - `analytics_events`: an install token's events erased and the token refused.
 */
export type DeletionStep = "consent" | "anonymize" | "shares" | "devices" | "pairwise_ids" | "keys" | "rows" | "account" | "analytics_events";

/** Where a job is. */
export type DeletionJobState = "pending" | "running" | "done";

/** A deletion job as stored. */
export interface DeletionJob {
  /** `del_<uuid>`. */
  readonly jobId: string;
  /** The subject whose data is erased; undefined once an account job is done (the job then names nobody) and for install jobs. */
  readonly subjectId: string | undefined;
  readonly scope: DeletionScope;
  /** The product of a `product` job; "" otherwise. */
  readonly productId: string;
  /** The purposes withdrawn, for a `purposes` job. */
  readonly purposes: readonly Purpose[];
  readonly state: DeletionJobState;
  /** Steps done so far, in order. */
  readonly completedSteps: readonly DeletionStep[];
  readonly requestedAt: Date;
  readonly finishedAt: Date | undefined;
  /** How many times a runner claimed the job (more than one after a crash or a lost lease). */
  readonly attempts: number;
}

const STEPS: Readonly<Record<DeletionScope, readonly DeletionStep[]>> = {
  // Shares go before devices: they are found through the product's devices.
  product: ["shares", "devices", "rows"],
  // Anonymize reads records, so it runs while the key lives; the key is
  // destroyed before the rows go, so whatever a crash leaves (or a backup
  // kept) of the sealed parts is unreadable from then on.
  account: ["anonymize", "shares", "devices", "pairwise_ids", "keys", "rows", "account"],
  purposes: ["rows"],
  install: ["analytics_events"],
};

/** The steps of a job of `scope`, in the order they run (besides `consent`, done with the request). */
export function stepsOf(scope: DeletionScope): readonly DeletionStep[] {
  return STEPS[scope];
}

/** The steps of `job` still to run, in order. */
export function remainingSteps(job: DeletionJob): DeletionStep[] {
  return stepsOf(job.scope).filter((s) => !job.completedSteps.includes(s));
}
