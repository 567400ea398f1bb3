import type { Queryable } from "../../storage/database/database.js";
import { InvalidRightsRequestError } from "../errors/invalid-rights-request-error.js";
import type { DeletionJob } from "../delete/deletion-job.js";
import { DeletionJobStore } from "../delete/deletion-job-store.js";
import { installTokenHash } from "./install-token-hash.js";

// The auth interceptor's pattern for the header; repeated so this module can be used without it.
const INSTALL_TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

/** Options of {@link InstallErasure}. */
export interface InstallErasureOptions {
  readonly db: Queryable;
  readonly clock?: { now(): Date };
}

/**
 * Leaving the User Experience Improvement Plan (000 §05 "Others"; M142):
 * what an install token collected is erased and the token refused from then
 * on, in one transaction. Improvement-plan analytics are never linked to an
 * account (M084, M088), so only the install that holds the token can ask;
 * the cloud keeps the token's hash to refuse events still in flight.
 */
export class InstallErasure {
  private readonly db: Queryable;
  private readonly now: () => Date;

  constructor(options: InstallErasureOptions) {
    this.db = options.db;
    const clock = options.clock ?? { now: () => new Date() };
    this.now = () => clock.now();
  }

  /**
   * Erases every analytics event of the token and revokes the token; returns
   * the finished job (an `install` job names no subject and not the token).
   * Idempotent. Throws InvalidRightsRequestError for a malformed token.
   */
  async erase(installToken: string): Promise<{ job: DeletionJob; events: number }> {
    if (typeof installToken !== "string" || !INSTALL_TOKEN.test(installToken)) throw new InvalidRightsRequestError("MALFORMED_ID", "install_token");
    const at = this.now();
    return this.db.transaction(async (tx) => {
      await tx.query("insert into revoked_install_tokens (token_hash, revoked_at) values ($1, $2) on conflict do nothing", [installTokenHash(installToken), at.toISOString()]);
      const { rowCount } = await tx.query("delete from analytics_events where install_token = $1", [installToken]);
      const { job } = await new DeletionJobStore(tx).open({ subjectId: undefined, scope: "install", at, completedSteps: ["analytics_events"], finished: true });
      return { job, events: rowCount };
    });
  }

  /** Whether the token was withdrawn: the analytics ingest refuses its events (wire it before storing). */
  async isRevoked(installToken: string): Promise<boolean> {
    const { rows } = await this.db.query("select 1 from revoked_install_tokens where token_hash = $1", [installTokenHash(installToken)]);
    return rows.length > 0;
  }
}
