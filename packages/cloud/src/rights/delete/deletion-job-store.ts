import { randomUUID } from "node:crypto";
import type { Purpose } from "@datapact/proto";
import type { Queryable } from "../../storage/database/database.js";
import type { DeletionJob, DeletionJobState, DeletionScope, DeletionStep } from "./deletion-job.js";

const STATE_CODE: Readonly<Record<DeletionJobState, number>> = { pending: 1, running: 2, done: 3 };
const STATE_OF_CODE: Readonly<Record<number, DeletionJobState>> = { 1: "pending", 2: "running", 3: "done" };

interface JobRow {
  job_id: string;
  subject_id: string | null;
  scope: string;
  product_id: string;
  purposes: number[];
  state: number;
  completed_steps: string[];
  requested_at: Date;
  finished_at: Date | null;
  attempts: number;
}

const JOB_COLUMNS = "job_id, subject_id, scope, product_id, purposes, state, completed_steps, requested_at, finished_at, attempts";

/** A job id: `del_` and a random UUID. */
export const JOB_ID = /^del_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function jobFrom(row: JobRow): DeletionJob {
  return {
    jobId: row.job_id,
    subjectId: row.subject_id ?? undefined,
    scope: row.scope as DeletionScope,
    productId: row.product_id,
    purposes: row.purposes.map(Number) as Purpose[],
    state: STATE_OF_CODE[row.state] ?? "pending",
    completedSteps: row.completed_steps as DeletionStep[],
    requestedAt: row.requested_at,
    finishedAt: row.finished_at ?? undefined,
    attempts: row.attempts,
  };
}

/** What {@link DeletionJobStore.open} needs. */
export interface JobRequest {
  readonly subjectId: string | undefined;
  readonly scope: DeletionScope;
  readonly productId?: string;
  readonly purposes?: readonly Purpose[];
  /** Steps already done by the request's own transaction (`consent`). */
  readonly completedSteps?: readonly DeletionStep[];
  readonly at: Date;
  /** A job finished on creation (an install's erasure happens in the request's transaction). */
  readonly finished?: boolean;
}

/**
 * The deletion_jobs table: each job's scope, state and completed steps, and
 * the lease of the runner working on it. The lease is what makes a job safe
 * to run from several nodes: one runner holds it at a time, renews it at
 * every step and batch, and a job whose lease ran out (its runner crashed)
 * is taken over by the next runner that looks.
 */
export class DeletionJobStore {
  constructor(private readonly db: Queryable) {}

  bind(q: Queryable): DeletionJobStore {
    return new DeletionJobStore(q);
  }

  /**
   * Opens a job, or returns the open job of the same subject, scope and
   * product (asking twice starts one job). A `purposes` job asked again
   * while open keeps its purposes and adds the new ones.
   */
  async open(request: JobRequest): Promise<{ job: DeletionJob; created: boolean }> {
    const purposes = `{${[...new Set(request.purposes ?? [])].sort((a, b) => a - b).join(",")}}`;
    // The open job can finish between the insert that collides with it and
    // the update that joins it; then the next insert goes through.
    for (;;) {
      const { rows } = await this.db.query<JobRow>(
        `insert into deletion_jobs (job_id, subject_id, scope, product_id, purposes, state, completed_steps, requested_at, finished_at)
         values ($1, $2, $3, $4, $5::int[], $6, $7::text[], $8, $9)
         on conflict (subject_id, scope, product_id) where finished_at is null do nothing
         returning ${JOB_COLUMNS}`,
        [
          `del_${randomUUID()}`,
          request.subjectId ?? null,
          request.scope,
          request.productId ?? "",
          purposes,
          STATE_CODE[request.finished ? "done" : "pending"],
          [...(request.completedSteps ?? [])],
          request.at.toISOString(),
          request.finished ? request.at.toISOString() : null,
        ],
      );
      if (rows[0]) return { job: jobFrom(rows[0]), created: true };
      const { rows: open } = await this.db.query<JobRow>(
        `update deletion_jobs set purposes = (select coalesce(array_agg(distinct p order by p), '{}') from unnest(purposes || $4::int[]) as p)
         where subject_id = $1 and scope = $2 and product_id = $3 and finished_at is null
         returning ${JOB_COLUMNS}`,
        [request.subjectId ?? null, request.scope, request.productId ?? "", purposes],
      );
      if (open[0]) return { job: jobFrom(open[0]), created: false };
    }
  }

  /** The job with that id, if any. */
  async get(jobId: string): Promise<DeletionJob | undefined> {
    const { rows } = await this.db.query<JobRow>(`select ${JOB_COLUMNS} from deletion_jobs where job_id = $1`, [jobId]);
    return rows[0] && jobFrom(rows[0]);
  }

  /** The subject's jobs, newest first. */
  async listFor(subjectId: string): Promise<DeletionJob[]> {
    const { rows } = await this.db.query<JobRow>(`select ${JOB_COLUMNS} from deletion_jobs where subject_id = $1 order by requested_at desc, job_id`, [subjectId]);
    return rows.map(jobFrom);
  }

  /** Ids of unfinished jobs no live runner holds, oldest first. */
  async claimable(now: Date, limit: number): Promise<string[]> {
    const { rows } = await this.db.query<{ job_id: string }>(
      `select job_id from deletion_jobs where finished_at is null and (lease_until is null or lease_until <= $1) order by requested_at, job_id limit $2`,
      [now.toISOString(), limit],
    );
    return rows.map((r) => r.job_id);
  }

  /**
   * Takes the job's lease for `owner` until `until`: when it is unfinished
   * and nobody else holds a live lease. Returns the job, or undefined when
   * it is finished, unknown, or held by another runner.
   */
  async claim(jobId: string, owner: string, now: Date, until: Date): Promise<DeletionJob | undefined> {
    const { rows } = await this.db.query<JobRow>(
      `update deletion_jobs set state = $5, lease_owner = $2, lease_until = $4, attempts = attempts + case when lease_owner = $2 then 0 else 1 end
       where job_id = $1 and finished_at is null and (lease_until is null or lease_until <= $3 or lease_owner = $2)
       returning ${JOB_COLUMNS}`,
      [jobId, owner, now.toISOString(), until.toISOString(), STATE_CODE.running],
    );
    return rows[0] && jobFrom(rows[0]);
  }

  /** Extends `owner`'s lease; false when the lease was lost to another runner. */
  async renew(jobId: string, owner: string, until: Date): Promise<boolean> {
    const { rowCount } = await this.db.query(`update deletion_jobs set lease_until = $3 where job_id = $1 and lease_owner = $2 and finished_at is null`, [
      jobId,
      owner,
      until.toISOString(),
    ]);
    return rowCount > 0;
  }

  /** Records a step as done (once) and extends the lease to `until`; false when `owner` no longer holds the lease. */
  async completeStep(jobId: string, owner: string, step: DeletionStep, until: Date): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `update deletion_jobs set completed_steps = case when $3 = any(completed_steps) then completed_steps else array_append(completed_steps, $3::text) end,
              lease_until = $4
       where job_id = $1 and lease_owner = $2 and finished_at is null`,
      [jobId, owner, step, until.toISOString()],
    );
    return rowCount > 0;
  }

  /**
   * Marks the job done. An account job forgets its subject then (the
   * subject's earlier jobs were made to forget it with the subject), and a
   * job of a subject that no longer exists does too: a finished job names
   * nobody whose data is gone.
   */
  async finish(job: DeletionJob, owner: string, at: Date): Promise<DeletionJob | undefined> {
    const { rows } = await this.db.query<JobRow>(
      `update deletion_jobs set state = $3, finished_at = $4, lease_owner = null, lease_until = null,
              subject_id = case when scope = 'account' or not exists (select 1 from subjects s where s.subject_id = deletion_jobs.subject_id)
                                then null else subject_id end
       where job_id = $1 and lease_owner = $2 and finished_at is null
       returning ${JOB_COLUMNS}`,
      [job.jobId, owner, STATE_CODE.done, at.toISOString()],
    );
    return rows[0] && jobFrom(rows[0]);
  }
}
