import type { Queryable } from "../../storage/database/database.js";
import { UnknownSubjectError } from "../../storage/errors/unknown-subject-error.js";
import { checkedId } from "../../storage/validation/checked-id.js";
import { DeletionJobNotFoundError } from "../errors/deletion-job-not-found-error.js";
import { InvalidRightsRequestError } from "../errors/invalid-rights-request-error.js";
import { UnknownProductError } from "../errors/unknown-product-error.js";
import type { DeletionJob, DeletionStep } from "./deletion-job.js";
import { DeletionJobStore, JOB_ID } from "./deletion-job-store.js";

/** Options of {@link DeletionRequests}. */
export interface DeletionRequestsOptions {
  readonly db: Queryable;
  /** Product ids a request may name. */
  readonly products: ReadonlySet<string>;
  readonly clock?: { now(): Date };
}

/**
 * Opens deletion jobs (000 §05 "Delete"; SEED-MECHANISMS M128, M130, M136)
 * and answers for them. Opening is all the request does, in one
 * transaction: the job row, and for an account the withdrawal of every
 * consent, so collection stops at once, before any step runs. A runner
 * (DeletionRunner) does the rest.
 */
export class DeletionRequests {
  private readonly db: Queryable;
  private readonly products: ReadonlySet<string>;
  private readonly now: () => Date;

  constructor(options: DeletionRequestsOptions) {
    this.db = options.db;
    this.products = options.products;
    const clock = options.clock ?? { now: () => new Date() };
    this.now = () => clock.now();
  }

  /** Checks a product id named by a request ("" means none). Throws UnknownProductError. */
  checkedProduct(productId: string): string {
    if (productId !== "" && !this.products.has(productId)) throw new UnknownProductError();
    return productId;
  }

  /**
   * Opens (or returns the open) deletion job of the subject's data of one
   * product, or of the whole account when `productId` is "". Throws
   * UnknownProductError, UnknownSubjectError.
   */
  async requestDeletion(subjectId: string, productId = ""): Promise<DeletionJob> {
    checkedId(subjectId, "subjectId");
    this.checkedProduct(productId);
    return productId === "" ? this.openAccountJob(subjectId) : this.openProductJob(subjectId, productId, false);
  }

  /** @internal Opens an account job; the request withdraws every consent of the subject in the same transaction. */
  async openAccountJob(subjectId: string): Promise<DeletionJob> {
    const at = this.now();
    return this.db.transaction(async (tx) => {
      await this.requireSubject(tx, subjectId);
      await tx.query("update consent_receipts set withdrawn_at = $2 where subject_id = $1 and withdrawn_at is null", [subjectId, at.toISOString()]);
      const { job } = await new DeletionJobStore(tx).open({ subjectId, scope: "account", at, completedSteps: ["consent"] });
      return job;
    });
  }

  /** @internal Opens a product job; with `withdraw`, the product's consent is withdrawn in the same transaction. */
  async openProductJob(subjectId: string, productId: string, withdraw: boolean): Promise<DeletionJob> {
    const at = this.now();
    return this.db.transaction(async (tx) => {
      await this.requireSubject(tx, subjectId);
      const completedSteps: DeletionStep[] = [];
      if (withdraw) {
        await tx.query("update consent_receipts set withdrawn_at = $3 where subject_id = $1 and product_id = $2 and withdrawn_at is null", [subjectId, productId, at.toISOString()]);
        await tx.query(
          `insert into withdrawn_products (subject_id, product_id, withdrawn_at) values ($1, $2, $3)
           on conflict (subject_id, product_id) do update set withdrawn_at = excluded.withdrawn_at`,
          [subjectId, productId, at.toISOString()],
        );
        completedSteps.push("consent");
      }
      const { job } = await new DeletionJobStore(tx).open({ subjectId, scope: "product", productId, at, completedSteps });
      return job;
    });
  }

  /**
   * The subject's job with that id. Throws InvalidRightsRequestError for an
   * id that is not a job id, DeletionJobNotFoundError for an unknown job or
   * one of another subject (indistinguishable to the caller).
   */
  async jobOf(subjectId: string, jobId: string): Promise<DeletionJob> {
    if (typeof jobId !== "string" || !JOB_ID.test(jobId)) throw new InvalidRightsRequestError("MALFORMED_ID", "job_id");
    const job = await new DeletionJobStore(this.db).get(jobId);
    if (!job || job.subjectId !== subjectId) throw new DeletionJobNotFoundError(jobId);
    return job;
  }

  /** The subject's jobs, newest first. */
  async jobsOf(subjectId: string): Promise<DeletionJob[]> {
    checkedId(subjectId, "subjectId");
    return new DeletionJobStore(this.db).listFor(subjectId);
  }

  private async requireSubject(q: Queryable, subjectId: string): Promise<void> {
    const { rows } = await q.query("select 1 from subjects where subject_id = $1 for update", [subjectId]);
    if (rows.length === 0) throw new UnknownSubjectError(subjectId);
  }
}
