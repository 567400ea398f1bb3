import { randomUUID } from "node:crypto";
import { createRegistry, type Registry } from "@bufbuild/protobuf";
import { pactFiles } from "@datapact/proto";
import type { DataKeyring } from "../../keys/data-keyring.js";
import type { CloudLogger } from "../../logging/cloud-logger.js";
import type { Database } from "../../storage/database/database.js";
import { remainingSteps, type DeletionJob, type DeletionStep } from "./deletion-job.js";
import { DeletionJobStore } from "./deletion-job-store.js";
import { DeletionLeaseLostError } from "./deletion-lease-lost-error.js";
import { stepRun, type StepContext } from "./steps/index.js";

/** A point a runner reached durably: after a committed batch, or after a step was recorded. */
export interface DeletionCheckpoint {
  readonly jobId: string;
  readonly step: DeletionStep;
  /** `batch` after each committed batch of a step, `step` once the step is recorded done. */
  readonly kind: "batch" | "step";
}

/** Options of {@link DeletionRunner}. */
export interface DeletionRunnerOptions {
  readonly db: Database;
  readonly keyring: DataKeyring;
  /** Message types the records table may hold; default every type of the pact. */
  readonly registry?: Registry;
  readonly clock?: { now(): Date };
  readonly logger?: CloudLogger;
  /** This runner's name in leases; default a random id. Two runners never share one. */
  readonly owner?: string;
  /** How long a claim lasts without renewal, in milliseconds. A crashed runner's job is taken over after this. Default 60 000. */
  readonly leaseMs?: number;
  /** Records read (decrypted, then anonymized or narrowed) per batch and transaction. Default 1000. */
  readonly batchSize?: number;
  /** Records erased per statement and transaction. Default 100 000. */
  readonly eraseBatchSize?: number;
  /**
   * Called at every durable point; an exception thrown here stops the run
   * as a crash would (tests inject crashes here). The lease is renewed
   * before it is called.
   */
  readonly onCheckpoint?: (point: DeletionCheckpoint) => void | Promise<void>;
}

let pactRegistry: Registry | undefined;

/**
 * Runs deletion jobs step by step (deletion-job.ts lists the steps), each
 * step idempotent and recorded when done, under a lease so that several
 * nodes can run jobs at once without two working on one job. A crash at
 * any point leaves the job resumable: {@link runPending} on any node picks
 * it up once the lease ran out and carries on from the first step not
 * recorded (a half-done step redoes only what is left of it).
 */
export class DeletionRunner {
  private readonly db: Database;
  private readonly keyring: DataKeyring;
  private readonly registry: Registry;
  private readonly now: () => Date;
  private readonly logger: CloudLogger | undefined;
  private readonly owner: string;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly eraseBatchSize: number;
  private readonly onCheckpoint: DeletionRunnerOptions["onCheckpoint"];
  private readonly jobs: DeletionJobStore;

  constructor(options: DeletionRunnerOptions) {
    this.db = options.db;
    this.keyring = options.keyring;
    this.registry = options.registry ?? (pactRegistry ??= createRegistry(...pactFiles));
    const clock = options.clock ?? { now: () => new Date() };
    this.now = () => clock.now();
    this.logger = options.logger;
    this.owner = options.owner ?? `runner_${randomUUID()}`;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 1000;
    this.eraseBatchSize = options.eraseBatchSize ?? 100_000;
    this.onCheckpoint = options.onCheckpoint;
    this.jobs = new DeletionJobStore(this.db);
  }

  /**
   * Claims the job and runs its remaining steps to the end. Returns the job
   * as it is afterwards: done, or as found when it is finished already or
   * another live runner holds it. Throws what a step threw (the job stays
   * resumable) and DeletionLeaseLostError when another runner took over.
   */
  async run(jobId: string): Promise<DeletionJob | undefined> {
    const claimed = await this.jobs.claim(jobId, this.owner, this.now(), this.leaseEnd());
    if (!claimed) return this.jobs.get(jobId);
    return this.runClaimed(claimed);
  }

  /**
   * Runs every unfinished job no live runner holds (at most `limit`), oldest
   * first: the crash-recovery loop, safe to call from every node. Returns
   * the jobs it finished.
   */
  async runPending(limit = 100): Promise<DeletionJob[]> {
    const finished: DeletionJob[] = [];
    for (const jobId of await this.jobs.claimable(this.now(), limit)) {
      const job = await this.run(jobId);
      if (job?.state === "done") finished.push(job);
    }
    return finished;
  }

  private leaseEnd(): Date {
    return new Date(this.now().getTime() + this.leaseMs);
  }

  /** After a committed batch: renews the lease (recording a step renews it too), then the test hook. */
  private async checkpoint(job: DeletionJob, step: DeletionStep, kind: DeletionCheckpoint["kind"]): Promise<void> {
    if (kind === "batch" && !(await this.jobs.renew(job.jobId, this.owner, this.leaseEnd()))) throw new DeletionLeaseLostError(job.jobId);
    await this.onCheckpoint?.({ jobId: job.jobId, step, kind });
  }

  private async runClaimed(job: DeletionJob): Promise<DeletionJob | undefined> {
    const subjectId = job.subjectId;
    if (subjectId !== undefined) {
      for (const step of remainingSteps(job)) {
        const ctx: StepContext = {
          db: this.db,
          job: { ...job, subjectId },
          keyring: this.keyring,
          registry: this.registry,
          batchSize: this.batchSize,
          eraseBatchSize: this.eraseBatchSize,
          now: this.now,
          checkpoint: () => this.checkpoint(job, step, "batch"),
        };
        const run = stepRun(step, ctx);
        const counts = run ? await run(ctx) : {};
        if (!(await this.jobs.completeStep(job.jobId, this.owner, step, this.leaseEnd()))) throw new DeletionLeaseLostError(job.jobId);
        this.logger?.log("info", "rights.deletion.step", { jobId: job.jobId, scope: job.scope, productId: job.productId || undefined, step, ...counts });
        await this.checkpoint(job, step, "step");
      }
    }
    const done = await this.jobs.finish(job, this.owner, this.now());
    if (!done) throw new DeletionLeaseLostError(job.jobId);
    this.logger?.log("info", "rights.deletion.done", { jobId: job.jobId, scope: job.scope, productId: job.productId || undefined, attempts: done.attempts });
    return done;
  }
}
