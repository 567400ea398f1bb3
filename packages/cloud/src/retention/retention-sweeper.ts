import { createRegistry, type Registry } from "@bufbuild/protobuf";
import { retainedPart, wholeRecordExpiry } from "@datapact/policy";
import { pactFiles, Tier, type Purpose } from "@datapact/proto";
import type { DataKeyring } from "../keys/data-keyring.js";
import { DataKeyMissingError } from "../keys/errors/data-key-missing-error.js";
import { KeyDestroyedError } from "../keys/errors/key-destroyed-error.js";
import type { CloudLogger } from "../logging/cloud-logger.js";
import { RetiredDevices } from "../rights/delete/retired-devices.js";
import type { Database, Queryable } from "../storage/database/database.js";
import { checkedDate } from "../storage/validation/checked-date.js";
import { RECORD_COLUMNS, recordsFromRows, type RecordRow } from "../storage/records/record-row.js";
import { RecordStore } from "../storage/records/record-store.js";
import type { SweepReport, TypeSweep } from "./sweep-report.js";

/** Options of {@link RetentionSweeper}. */
export interface RetentionSweeperOptions {
  readonly db: Database;
  /** Opens sealed payloads of records that are only partly expired. */
  readonly keyring: DataKeyring;
  /** Message types the records table may hold; default every type of the pact. */
  readonly registry?: Registry;
  /** Where "now" comes from; injectable so tests move time. */
  readonly clock?: { now(): Date };
  /** Rows per transaction. Default 1000. */
  readonly batchSize?: number;
  readonly logger?: CloudLogger;
}

type DueRow = RecordRow & { subject_id: string; purposes: number[] };

let pactRegistry: Registry | undefined;

/**
 * Enforces retention (SEED-MECHANISMS section I) from the annotations, per
 * field, through the policy: a record whose stored expiry (the ingest path
 * sets it from recordExpiry: the earliest fixed period of any value it
 * holds) has come is
 * - erased whole when every value its type could hold for its purposes has
 *   reached its period (wholeRecordExpiry: camera event clips after 7 days),
 *   without being read;
 * - otherwise read and cut by retainedPart: values whose every purpose's
 *   period ran out are removed (analytics after 90 days, advertising after
 *   180), values kept "until the user asks" stay, the statement is
 *   narrowed, and the next expiry is stored; a record left empty is erased.
 * Analytics events and anonymized records are erased at their end.
 *
 * Idempotent (a second sweep at the same instant finds nothing) and safe on
 * several nodes at once: each batch locks its rows FOR UPDATE SKIP LOCKED,
 * so nodes share the work and never handle a row twice. Run it at an
 * interval; nothing outlives its period by more than that interval.
 */
export class RetentionSweeper {
  private readonly db: Database;
  private readonly keyring: DataKeyring;
  private readonly registry: Registry;
  private readonly clock: { now(): Date };
  private readonly batchSize: number;
  private readonly logger: CloudLogger | undefined;

  constructor(options: RetentionSweeperOptions) {
    this.db = options.db;
    this.keyring = options.keyring;
    this.registry = options.registry ?? (pactRegistry ??= createRegistry(...pactFiles));
    this.clock = options.clock ?? { now: () => new Date() };
    this.batchSize = options.batchSize ?? 1000;
    this.logger = options.logger;
  }

  /** Sweeps everything due at `now` (default the clock's now) and reports what it did. */
  async sweep(now: Date = this.clock.now()): Promise<SweepReport> {
    checkedDate(now, "now");
    const byType = new Map<string, { deleted: number; trimmed: number }>();
    const counts = { deleted: 0, trimmed: 0, rescheduled: 0, batches: 0 };
    for (;;) {
      const handled = await this.db.transaction((tx) => this.sweepRecordBatch(tx, now, byType, counts));
      counts.batches++;
      if (handled < this.batchSize) break;
    }
    const analyticsEvents = await this.deleteDue("analytics_events", "install_token, event_id", now, counts);
    const anonymizedRecords = await this.deleteDue("anonymized_records", "anonymized_id", now, counts);
    const retiredDevices = await new RetiredDevices(this.db).dropDelivered();
    const report: SweepReport = {
      at: now,
      recordsDeleted: counts.deleted,
      recordsTrimmed: counts.trimmed,
      recordsRescheduled: counts.rescheduled,
      byType: byType as ReadonlyMap<string, TypeSweep>,
      analyticsEvents,
      anonymizedRecords,
      retiredDevices,
      batches: counts.batches,
    };
    this.logger?.log("info", "retention.swept", {
      at: now.toISOString(),
      recordsDeleted: counts.deleted,
      recordsTrimmed: counts.trimmed,
      recordsRescheduled: counts.rescheduled,
      messageTypes: [...byType.keys()].sort(),
      analyticsEvents,
      anonymizedRecords,
      retiredDevices,
    });
    return report;
  }

  /** One batch of due records, in one transaction; returns how many rows it took. */
  private async sweepRecordBatch(
    tx: Queryable,
    now: Date,
    byType: Map<string, { deleted: number; trimmed: number }>,
    counts: { deleted: number; trimmed: number; rescheduled: number },
  ): Promise<number> {
    const { rows } = await tx.query<DueRow>(
      `select subject_id, purposes, ${RECORD_COLUMNS} from records where expires_at <= $1 order by expires_at limit $2 for update skip locked`,
      [now.toISOString(), this.batchSize],
    );
    const tally = (type: string, what: "deleted" | "trimmed") => {
      const t = byType.get(type) ?? { deleted: 0, trimmed: 0 };
      t[what]++;
      byType.set(type, t);
      counts[what]++;
    };
    const erase: { subject_id: string; record_id: string }[] = [];
    const toRead = new Map<string, DueRow[]>();
    for (const row of rows) {
      const schema = this.registry.getMessage(row.message_type);
      const whole = schema && wholeRecordExpiry(schema, Tier.CLOUD, row.collected_at, row.purposes.map(Number) as Purpose[]);
      if (!schema || (whole && whole.getTime() <= now.getTime())) {
        // A type the registry no longer knows cannot be judged field by field; it is due, so it goes.
        erase.push(row);
        tally(row.message_type, "deleted");
      } else {
        toRead.set(row.subject_id, [...(toRead.get(row.subject_id) ?? []), row]);
      }
    }
    const store = new RecordStore({ db: tx, keyring: this.keyring.bind(tx), registry: this.registry });
    for (const [subjectId, subjectRows] of toRead) {
      let records;
      try {
        records = await recordsFromRows(subjectId, subjectRows, this.keyring.bind(tx), this.registry);
      } catch (err) {
        // The subject's key is gone (a deletion is under way): what is due cannot be read to be cut, so it goes whole.
        if (!(err instanceof KeyDestroyedError || err instanceof DataKeyMissingError)) throw err;
        for (const row of subjectRows) {
          erase.push(row);
          tally(row.message_type, "deleted");
        }
        continue;
      }
      for (const record of records) {
        const part = retainedPart(record.schema, record.message as never, record.statement, Tier.CLOUD, record.collectedAt, now);
        if (!part.message || !part.statement) {
          erase.push({ subject_id: subjectId, record_id: record.recordId });
          tally(record.messageType, "deleted");
        } else if (part.changed) {
          await store.replace(subjectId, {
            recordId: record.recordId,
            schema: record.schema,
            message: part.message,
            statement: part.statement,
            deviceId: record.deviceId,
            collectedAt: record.collectedAt,
            expiresAt: part.nextExpiry,
          });
          tally(record.messageType, "trimmed");
        } else {
          // Stored too early (nothing expired yet): look again when something does.
          await tx.query("update records set expires_at = $3 where subject_id = $1 and record_id = $2", [subjectId, record.recordId, part.nextExpiry?.toISOString() ?? null]);
          counts.rescheduled++;
        }
      }
    }
    if (erase.length > 0) {
      await tx.query(
        `delete from records r using unnest($1::text[], $2::text[]) as d(subject_id, record_id) where r.subject_id = d.subject_id and r.record_id = d.record_id`,
        [erase.map((e) => e.subject_id), erase.map((e) => e.record_id)],
      );
    }
    return rows.length;
  }

  /** Deletes rows of a table with an expires_at column that are due, a batch per transaction; returns how many. */
  private async deleteDue(table: "analytics_events" | "anonymized_records", key: string, now: Date, counts: { batches: number }): Promise<number> {
    let total = 0;
    for (;;) {
      const { rowCount } = await this.db.query(
        `delete from ${table} where (${key}) in (select ${key} from ${table} where expires_at <= $1 limit $2 for update skip locked)`,
        [now.toISOString(), this.batchSize],
      );
      counts.batches++;
      total += rowCount;
      if (rowCount < this.batchSize) return total;
    }
  }
}
