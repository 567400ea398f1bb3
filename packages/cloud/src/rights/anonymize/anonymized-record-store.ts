import { randomUUID } from "node:crypto";
import { fromBinary, toBinary, type DescMessage, type Message, type Registry } from "@bufbuild/protobuf";
import { UnknownMessageTypeError } from "@datapact/policy";
import type { Queryable } from "../../storage/database/database.js";

const DAY_MS = 86_400_000;

/** An anonymized record as stored: nothing in it names or links to anyone. */
export interface AnonymizedRecord {
  readonly anonymizedId: string;
  readonly productId: string;
  readonly messageType: string;
  readonly message: Message;
  /** The UTC day the original was collected on. */
  readonly collectedOn: Date;
  readonly expiresAt: Date | undefined;
}

/** The start of `at`'s UTC day. */
function dayOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

/**
 * The anonymized_records table (decision 0010): what an account deletion
 * keeps of the records the pact marks `anonymize_on_deletion`, after the
 * policy's forAnonymization. Rows get a fresh random id and keep the
 * collection day, never the instant; an expiry is moved to the start of its
 * day (earlier, never later), since an exact expiry is collection time plus
 * a known period.
 */
export class AnonymizedRecordStore {
  constructor(private readonly db: Queryable) {}

  bind(q: Queryable): AnonymizedRecordStore {
    return new AnonymizedRecordStore(q);
  }

  /** Stores anonymized copies; returns how many. */
  async insert(items: readonly { readonly schema: DescMessage; readonly productId: string; readonly message: Message; readonly collectedAt: Date; readonly expiresAt: Date | undefined }[]): Promise<number> {
    if (items.length === 0) return 0;
    const { rowCount } = await this.db.query(
      `insert into anonymized_records (anonymized_id, product_id, message_type, payload, collected_on, expires_at)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::date[], $6::timestamptz[])`,
      [
        items.map(() => `anon_${randomUUID()}`),
        items.map((i) => i.productId),
        items.map((i) => i.schema.typeName),
        items.map((i) => toBinary(i.schema, i.message)),
        items.map((i) => dayOf(i.collectedAt).toISOString().slice(0, 10)),
        items.map((i) => (i.expiresAt ? dayOf(i.expiresAt).toISOString() : null)),
      ],
    );
    return rowCount;
  }

  /** Every anonymized record of a product, in id order (for tests and aggregate jobs). */
  async listByProduct(productId: string, registry: Registry): Promise<AnonymizedRecord[]> {
    const { rows } = await this.db.query<{ anonymized_id: string; product_id: string; message_type: string; payload: Uint8Array; collected_on: Date | string; expires_at: Date | null }>(
      "select anonymized_id, product_id, message_type, payload, collected_on, expires_at from anonymized_records where product_id = $1 order by anonymized_id",
      [productId],
    );
    return rows.map((r) => {
      const schema = registry.getMessage(r.message_type);
      if (!schema) throw new UnknownMessageTypeError(r.message_type);
      return {
        anonymizedId: r.anonymized_id,
        productId: r.product_id,
        messageType: r.message_type,
        message: fromBinary(schema, r.payload),
        collectedOn: new Date(r.collected_on),
        expiresAt: r.expires_at ?? undefined,
      };
    });
  }
}
