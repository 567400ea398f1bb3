import { randomBytes } from "node:crypto";
import type { Queryable } from "../storage/database/database.js";
import { DatabaseQueryError } from "../storage/errors/database-query-error.js";
import { InvalidArgumentError } from "../storage/errors/invalid-argument-error.js";
import { UnknownSubjectError } from "../storage/errors/unknown-subject-error.js";
import { checkedId } from "../storage/validation/checked-id.js";
import { DataKeyCache } from "./data-key-cache.js";
import { DataKeyMissingError } from "./errors/data-key-missing-error.js";
import { KeyDestroyedError } from "./errors/key-destroyed-error.js";
import { UnknownKeyEncryptionKeyError } from "./errors/unknown-key-encryption-key-error.js";
import { KEY_BYTES, type KeyEncryptionKey } from "./key-encryption-key.js";
import { contextExtender, open, openMany, seal, sealMany } from "./sealed-box.js";

/** Options of {@link DataKeyring}. */
export interface DataKeyringOptions {
  /** Where subject_keys lives. */
  readonly db: Queryable;
  /** The KEK that wraps new data keys. */
  readonly kek: KeyEncryptionKey;
  /** Earlier KEKs, still able to unwrap keys they wrapped (rotation). */
  readonly retiredKeks?: readonly KeyEncryptionKey[];
  /** Most unwrapped keys kept in memory. Default 10 000. */
  readonly cacheSize?: number;
  /**
   * How long an unwrapped key is reused without asking the database again,
   * in milliseconds. Bounds how long another process may keep using a key
   * this one destroyed. Default 60 000.
   */
  readonly cacheTtlMs?: number;
}

/** Whether a subject has a data key. */
export type DataKeyState = "absent" | "live" | "destroyed";

interface KeyRow {
  kek_id: string | null;
  wrapped_key: Uint8Array | null;
  destroyed_at: Date | null;
}

/**
 * Per-subject data keys (DEKs): random AES-256-GCM keys, each stored in
 * subject_keys wrapped by the key-encryption key with the subject id as AAD,
 * created on first use. Sealing for a subject uses only that subject's key,
 * so destroying the key (crypto-shredding) makes everything sealed for the
 * subject unreadable at once, wherever copies of the rows went (backups,
 * replicas), and refuses new sealing for the subject.
 *
 * A keyring bound to a transaction ({@link DataKeyring.bind}) reads the cache
 * but never fills it: a key it sees may have been created by that
 * transaction and vanish when it rolls back.
 */
export class DataKeyring {
  private readonly db: Queryable;
  private readonly kek: KeyEncryptionKey;
  private readonly keks: ReadonlyMap<string, KeyEncryptionKey>;
  private readonly cache: DataKeyCache;

  constructor(options: DataKeyringOptions);
  /** @internal a view over another Queryable sharing KEKs and cache. */
  constructor(options: DataKeyringOptions, shared: { keks: ReadonlyMap<string, KeyEncryptionKey>; cache: DataKeyCache });
  constructor(options: DataKeyringOptions, shared?: { keks: ReadonlyMap<string, KeyEncryptionKey>; cache: DataKeyCache }) {
    this.db = options.db;
    this.kek = options.kek;
    this.keks = shared?.keks ?? new Map([...(options.retiredKeks ?? []), options.kek].map((k) => [k.id, k]));
    this.cache = shared?.cache ?? new DataKeyCache(options.cacheSize ?? 10_000, options.cacheTtlMs ?? 60_000);
  }

  /** The same keyring running its queries through `q` (typically a transaction). */
  bind(q: Queryable): DataKeyring {
    return new DataKeyring({ db: q, kek: this.kek }, { keks: this.keks, cache: this.cache });
  }

  /**
   * Seals `plaintext` for `subjectId`, bound to `aad` (the same aad is
   * needed to open it). Creates the subject's data key on first use. Throws
   * UnknownSubjectError, KeyDestroyedError.
   */
  async sealFor(subjectId: string, plaintext: Uint8Array, aad: Uint8Array | string): Promise<Uint8Array> {
    checkedId(subjectId, "subjectId");
    if (!(plaintext instanceof Uint8Array)) throw new InvalidArgumentError("plaintext", "must be a Uint8Array");
    const key = await this.dataKeyFor(subjectId, true);
    try {
      return seal(key, plaintext, dataContext(subjectId, aad));
    } finally {
      key.fill(0);
    }
  }

  /**
   * Opens what {@link sealFor} sealed for the same subject and aad. Throws
   * KeyDestroyedError after {@link destroy}, DataKeyMissingError when the
   * subject never had a key, SealedDataError for anything that is not an
   * intact blob sealed for this subject and aad.
   */
  async openFor(subjectId: string, sealed: Uint8Array, aad: Uint8Array | string): Promise<Uint8Array> {
    checkedId(subjectId, "subjectId");
    if (!(sealed instanceof Uint8Array)) throw new InvalidArgumentError("sealed", "must be a Uint8Array");
    const key = await this.dataKeyFor(subjectId, false);
    try {
      return open(key, sealed, dataContext(subjectId, aad), "sealed data");
    } finally {
      key.fill(0);
    }
  }

  /**
   * Seals many payloads for one subject with a single key lookup (a
   * keyring bound to a transaction does not cache, so per-item lookups would
   * each query). Same errors as {@link sealFor}.
   */
  async sealAllFor(subjectId: string, items: readonly { readonly plaintext: Uint8Array; readonly aad: Uint8Array | string }[]): Promise<Uint8Array[]> {
    checkedId(subjectId, "subjectId");
    if (items.length === 0) return [];
    const sealer = await this.sealerFor(subjectId);
    try {
      return sealer.seal(items);
    } finally {
      sealer.close();
    }
  }

  /**
   * The subject's data key held for a run of seals (a batch written in
   * chunks), looked up once: creates the key on first use, and throws
   * UnknownSubjectError or KeyDestroyedError before the caller writes
   * anything. Close it when done; closing zeroes the key.
   */
  async sealerFor(subjectId: string): Promise<SubjectSealer> {
    checkedId(subjectId, "subjectId");
    return new SubjectSealer(subjectId, await this.dataKeyFor(subjectId, true));
  }

  /** Opens many sealed payloads of one subject with a single key lookup. Same errors as {@link openFor}. */
  async openAllFor(subjectId: string, items: readonly { readonly sealed: Uint8Array; readonly aad: Uint8Array | string }[]): Promise<Uint8Array[]> {
    checkedId(subjectId, "subjectId");
    if (items.length === 0) return [];
    const key = await this.dataKeyFor(subjectId, false);
    try {
      const context = subjectContext(subjectId);
      return openMany(
        key,
        items.map((item) => ({ sealed: item.sealed, aad: context(checkedAad(item.aad)) })),
        "sealed data",
      );
    } finally {
      key.fill(0);
    }
  }

  /**
   * Loads the subject's key into this keyring's cache when it has a live one,
   * and does nothing otherwise (never creates a key, never throws for a
   * missing or destroyed one). For a caller about to work inside a
   * transaction, where lookups may not fill the cache: call it outside, so
   * the transaction's lookup, and the next batch's, is answered from memory.
   */
  async prefetch(subjectId: string): Promise<void> {
    checkedId(subjectId, "subjectId");
    try {
      (await this.dataKeyFor(subjectId, false)).fill(0);
    } catch (err) {
      if (!(err instanceof DataKeyMissingError || err instanceof KeyDestroyedError)) throw err;
    }
  }

  /**
   * Makes sure the subject has a live data key (creating it), so a caller can
   * fail early, before writing anything, for an unknown or shredded subject.
   */
  async ensureKeyFor(subjectId: string): Promise<void> {
    checkedId(subjectId, "subjectId");
    (await this.dataKeyFor(subjectId, true)).fill(0);
  }

  /**
   * Crypto-shreds the subject's data: the wrapped key is removed from its
   * row (the row stays as a tombstone with destroyed_at, so later calls can
   * say KeyDestroyedError rather than create a fresh key) and the cached key
   * is dropped. Idempotent. Throws UnknownSubjectError for a subject that
   * does not exist.
   *
   * PostgreSQL keeps the old row version until VACUUM reclaims it; the
   * wrapped key in it is still protected by the KEK.
   */
  async destroy(subjectId: string): Promise<void> {
    checkedId(subjectId, "subjectId");
    this.cache.delete(subjectId);
    try {
      await this.db.query(
        `insert into subject_keys (subject_id, kek_id, wrapped_key, destroyed_at) values ($1, null, null, now())
         on conflict (subject_id) do update set kek_id = null, wrapped_key = null, destroyed_at = coalesce(subject_keys.destroyed_at, now())`,
        [subjectId],
      );
    } catch (err) {
      throw subjectErrorOf(err, subjectId);
    }
    // Another call may have cached the key while the update ran.
    this.cache.delete(subjectId);
  }

  /** Whether the subject has no key yet, a live one, or a destroyed one. */
  async keyStateOf(subjectId: string): Promise<DataKeyState> {
    checkedId(subjectId, "subjectId");
    const row = await this.readRow(subjectId);
    if (!row) return "absent";
    return row.destroyed_at ? "destroyed" : "live";
  }

  /** Drops the subject's key from this process's cache (another process destroyed it, say). */
  forget(subjectId: string): void {
    this.cache.delete(subjectId);
  }

  private async readRow(subjectId: string): Promise<KeyRow | undefined> {
    const { rows } = await this.db.query<KeyRow>("select kek_id, wrapped_key, destroyed_at from subject_keys where subject_id = $1", [subjectId]);
    return rows[0];
  }

  private async dataKeyFor(subjectId: string, create: boolean): Promise<Uint8Array> {
    const cached = this.cache.get(subjectId);
    if (cached) return cached;
    let row = await this.readRow(subjectId);
    if (!row) {
      if (!create) throw new DataKeyMissingError(subjectId);
      row = await this.createRow(subjectId);
    }
    if (row.destroyed_at || !row.wrapped_key || !row.kek_id) throw new KeyDestroyedError(subjectId);
    const kek = this.keks.get(row.kek_id);
    if (!kek) throw new UnknownKeyEncryptionKeyError(subjectId, row.kek_id);
    // Callers zero what they get back; the cache keeps its own copy.
    const key = kek.unwrap(row.wrapped_key, subjectId);
    if (!this.db.inTransaction) this.cache.set(subjectId, key);
    return key;
  }

  private async createRow(subjectId: string): Promise<KeyRow> {
    const key = new Uint8Array(randomBytes(KEY_BYTES));
    const wrapped = this.kek.wrap(key, subjectId);
    key.fill(0);
    try {
      const { rows } = await this.db.query<KeyRow>(
        `insert into subject_keys (subject_id, kek_id, wrapped_key) values ($1, $2, $3)
         on conflict (subject_id) do nothing returning kek_id, wrapped_key, destroyed_at`,
        [subjectId, this.kek.id, wrapped],
      );
      if (rows[0]) return rows[0];
    } catch (err) {
      throw subjectErrorOf(err, subjectId);
    }
    // Another process created (or destroyed) the key first: use theirs.
    const row = await this.readRow(subjectId);
    if (!row) throw new DataKeyMissingError(subjectId);
    return row;
  }
}

/**
 * One subject's data key, lent by {@link DataKeyring.sealerFor} for a run of
 * seals. Holds the only copy it was given; {@link close} zeroes it.
 */
export class SubjectSealer {
  private closed = false;
  private readonly context: (aad: Uint8Array | string) => Uint8Array;

  /** @internal */
  constructor(
    readonly subjectId: string,
    private readonly key: Uint8Array,
  ) {
    this.context = subjectContext(subjectId);
  }

  /** Seals each plaintext for the subject, bound to its aad; one CSPRNG draw for all the nonces. */
  seal(items: readonly { readonly plaintext: Uint8Array; readonly aad: Uint8Array | string }[]): Uint8Array[] {
    if (this.closed) throw new Error("SubjectSealer used after close()");
    if (items.length === 0) return [];
    return sealMany(
      this.key,
      items.map((item, i) => {
        if (!(item.plaintext instanceof Uint8Array)) throw new InvalidArgumentError(`items[${i}].plaintext`, "must be a Uint8Array");
        return { plaintext: item.plaintext, aad: this.context(checkedAad(item.aad)) };
      }),
    );
  }

  /** Zeroes the key. Idempotent. */
  close(): void {
    this.closed = true;
    this.key.fill(0);
  }
}

function checkedAad(aad: Uint8Array | string): Uint8Array | string {
  if (typeof aad !== "string" && !(aad instanceof Uint8Array)) throw new InvalidArgumentError("aad", "must be a string or a Uint8Array");
  return aad;
}

/** The AADs of one subject's sealed data: the data domain, the subject, then the caller's aad. */
function subjectContext(subjectId: string): (aad: Uint8Array | string) => Uint8Array {
  return contextExtender("datapact/data/v1", subjectId);
}

/** {@link subjectContext} for a single aad. */
function dataContext(subjectId: string, aad: Uint8Array | string): Uint8Array {
  return subjectContext(subjectId)(checkedAad(aad));
}

function subjectErrorOf(err: unknown, subjectId: string): unknown {
  return err instanceof DatabaseQueryError && err.violates("subject_keys_subject_fk") ? new UnknownSubjectError(subjectId) : err;
}
