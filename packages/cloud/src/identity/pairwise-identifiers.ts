import type { Queryable } from "../storage/database/database.js";
import { DatabaseQueryError } from "../storage/errors/database-query-error.js";
import { InvalidArgumentError } from "../storage/errors/invalid-argument-error.js";
import { UnknownSubjectError } from "../storage/errors/unknown-subject-error.js";
import { checkedId } from "../storage/validation/checked-id.js";
import { KeyMaterialError } from "../keys/errors/key-material-error.js";
import { UnknownManufacturerError } from "./errors/unknown-manufacturer-error.js";
import { derivePairwiseId } from "./pairwise-id-derivation.js";

/** Options of {@link PairwiseIdentifiers}. */
export interface PairwiseIdentifiersOptions {
  readonly db: Queryable;
  /**
   * The platform's pairwise-id secret, at least 32 bytes, e.g.
   * secretFromEnv("DATAPACT_PAIRWISE_SECRET"). Changing it changes every id
   * issued from then on; ids already issued keep resolving (they are stored).
   */
  readonly secret: Uint8Array;
}

/** One standing authorisation of a manufacturer, as the subject sees it ("Accounts & Permission"). */
export interface PairwiseAuthorization {
  readonly manufacturerId: string;
  readonly createdAt: Date;
}

/**
 * Pairwise identifiers (the seeds' UnionID, 001 §4.3 (4); SEED-MECHANISMS
 * M077): each manufacturer knows a subject only by an id of its own, which
 * no other manufacturer can link to theirs. An id is stable while the
 * authorisation stands; once revoked it no longer resolves, and a later
 * authorisation gets a new id, so the manufacturer cannot re-link what it
 * kept under the old one.
 */
export class PairwiseIdentifiers {
  private readonly db: Queryable;
  readonly #secret: Uint8Array;

  constructor(options: PairwiseIdentifiersOptions) {
    if (!(options.secret instanceof Uint8Array) || options.secret.length < 32) {
      throw new KeyMaterialError("pairwise-id secret", "must be at least 32 bytes");
    }
    this.db = options.db;
    this.#secret = new Uint8Array(options.secret);
  }

  /** The same identifiers running their queries through `q`, typically a transaction. */
  bind(q: Queryable): PairwiseIdentifiers {
    return new PairwiseIdentifiers({ db: q, secret: this.#secret });
  }

  /** Registers (or renames) a manufacturer that may receive pairwise ids. */
  async registerManufacturer(manufacturerId: string, name: string): Promise<void> {
    checkedId(manufacturerId, "manufacturerId");
    if (typeof name !== "string" || name.length === 0 || name.length > 256) throw new InvalidArgumentError("name", "must be 1 to 256 characters");
    await this.db.query(
      "insert into manufacturers (manufacturer_id, name) values ($1, $2) on conflict (manufacturer_id) do update set name = excluded.name",
      [manufacturerId, name],
    );
  }

  /**
   * The subject's id at `manufacturerId`: the standing one, or a new one
   * derived and recorded now. Safe to call concurrently (the derivation is
   * deterministic and a unique index keeps one standing id). Throws
   * UnknownSubjectError, UnknownManufacturerError.
   */
  async pairwiseIdFor(subjectId: string, manufacturerId: string): Promise<string> {
    checkedId(subjectId, "subjectId");
    checkedId(manufacturerId, "manufacturerId");
    const standing = await this.standingId(subjectId, manufacturerId);
    if (standing) return standing;
    const { rows } = await this.db.query<{ next: number }>(
      "select coalesce(max(generation) + 1, 0)::int as next from pairwise_ids where subject_id = $1 and manufacturer_id = $2",
      [subjectId, manufacturerId],
    );
    const generation = rows[0]?.next ?? 0;
    const pairwiseId = derivePairwiseId(this.#secret, subjectId, manufacturerId, generation);
    try {
      await this.db.query(
        `insert into pairwise_ids (subject_id, manufacturer_id, generation, pairwise_id) values ($1, $2, $3, $4)
         on conflict do nothing`,
        [subjectId, manufacturerId, generation, pairwiseId],
      );
    } catch (err) {
      if (err instanceof DatabaseQueryError && err.violates("pairwise_ids_subject_fk")) throw new UnknownSubjectError(subjectId);
      if (err instanceof DatabaseQueryError && err.violates("pairwise_ids_manufacturer_fk")) throw new UnknownManufacturerError(manufacturerId);
      throw err;
    }
    // Whoever won a concurrent race, the standing row is the answer.
    const winner = await this.standingId(subjectId, manufacturerId);
    if (!winner) throw new UnknownSubjectError(subjectId);
    return winner;
  }

  /**
   * The subject a manufacturer's pairwise id stands for, or undefined: an id
   * issued to another manufacturer, a revoked id and an unknown id all
   * resolve to nothing (and are indistinguishable to the caller).
   */
  async resolvePairwise(manufacturerId: string, pairwiseId: string): Promise<string | undefined> {
    checkedId(manufacturerId, "manufacturerId");
    checkedId(pairwiseId, "pairwiseId");
    const { rows } = await this.db.query<{ subject_id: string }>(
      "select subject_id from pairwise_ids where manufacturer_id = $1 and pairwise_id = $2 and revoked_at is null",
      [manufacturerId, pairwiseId],
    );
    return rows[0]?.subject_id;
  }

  /** The subject's standing authorisations, for "Accounts & Permission". */
  async authorizationsOf(subjectId: string): Promise<PairwiseAuthorization[]> {
    checkedId(subjectId, "subjectId");
    const { rows } = await this.db.query<{ manufacturer_id: string; created_at: Date }>(
      "select manufacturer_id, created_at from pairwise_ids where subject_id = $1 and revoked_at is null order by manufacturer_id",
      [subjectId],
    );
    return rows.map((r) => ({ manufacturerId: r.manufacturer_id, createdAt: r.created_at }));
  }

  /** Revokes the subject's id at one manufacturer; returns whether one was standing. */
  async revokeFor(subjectId: string, manufacturerId: string): Promise<boolean> {
    checkedId(subjectId, "subjectId");
    checkedId(manufacturerId, "manufacturerId");
    const { rowCount } = await this.db.query(
      "update pairwise_ids set revoked_at = now() where subject_id = $1 and manufacturer_id = $2 and revoked_at is null",
      [subjectId, manufacturerId],
    );
    return rowCount > 0;
  }

  /** Revokes every standing id of the subject (account deletion, withdrawal); returns how many. */
  async revokeAllFor(subjectId: string): Promise<number> {
    checkedId(subjectId, "subjectId");
    const { rowCount } = await this.db.query("update pairwise_ids set revoked_at = now() where subject_id = $1 and revoked_at is null", [subjectId]);
    return rowCount;
  }

  private async standingId(subjectId: string, manufacturerId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ pairwise_id: string }>(
      "select pairwise_id from pairwise_ids where subject_id = $1 and manufacturer_id = $2 and revoked_at is null",
      [subjectId, manufacturerId],
    );
    return rows[0]?.pairwise_id;
  }
}
