import { randomUUID } from "node:crypto";
import { cloud, type Purpose } from "@datapact/proto";
import { WithdrawnProducts } from "../../rights/withdraw/withdrawn-products.js";
import type { Queryable } from "../../storage/database/database.js";

/** A consent receipt as stored. */
export interface StoredReceipt {
  readonly receiptId: string;
  readonly kind: cloud.PolicyKind;
  /** "" for the general policy. */
  readonly productId: string;
  readonly policyVersion: string;
  /** The purposes that still stand (a partial withdrawal removes some). */
  readonly purposes: readonly Purpose[];
  readonly givenAt: Date;
  /** Set once nothing of the receipt stands any more. */
  readonly withdrawnAt: Date | undefined;
}

/** Everything about one subject's consent the cloud decides with, read in one go. */
export interface ConsentRecords {
  readonly receipts: readonly StoredReceipt[];
  /** `${productId}\0${function}` of every function switched on. */
  readonly enabledFunctions: ReadonlySet<string>;
  /** `${productId}\0${function}` of every function switched off (what matters for functions on by default). */
  readonly disabledFunctions: ReadonlySet<string>;
  /** `${productId}\0${switch}` of every upload switch turned off. */
  readonly disabledUploads: ReadonlySet<string>;
  /** Products whose consent the subject withdrew ("Revoke authorization", 000 §05) and has not given again. */
  readonly withdrawnProducts: ReadonlySet<string>;
}

interface ReceiptRow {
  receipt_id: string;
  product_id: string;
  policy_kind: number;
  policy_version: string;
  purposes: number[];
  given_at: Date;
  withdrawn_at: Date | null;
}

const RECEIPT_COLUMNS = "receipt_id, product_id, policy_kind, policy_version, purposes, given_at, withdrawn_at";

/** A row of {@link ConsentLedger.recordsOf}: a receipt, or a switch (`name`) or withdrawn product in the receipt's columns. */
interface ConsentRow extends ReceiptRow {
  kind: "receipt" | "function" | "upload" | "withdrawn";
  name: string | null;
  enabled: boolean | null;
}

function receiptFrom(row: ReceiptRow): StoredReceipt {
  return {
    receiptId: row.receipt_id,
    kind: row.policy_kind as cloud.PolicyKind,
    productId: row.product_id,
    policyVersion: row.policy_version,
    purposes: row.purposes.map(Number) as Purpose[],
    givenAt: row.given_at,
    withdrawnAt: row.withdrawn_at ?? undefined,
  };
}

/** `${productId}\0${name}`: the key of a per-product switch. */
export function switchKey(productId: string, name: string): string {
  return `${productId}\0${name}`;
}

/**
 * The consent_receipts, function_switches and upload_switches tables of one
 * database: receipts given and withdrawn, switches turned on and off. It
 * records; {@link SubjectConsent} decides.
 */
export class ConsentLedger {
  constructor(private readonly db: Queryable) {}

  bind(q: Queryable): ConsentLedger {
    return new ConsentLedger(q);
  }

  /** Records a new receipt. */
  async give(subjectId: string, scope: { kind: cloud.PolicyKind; productId: string; version: string; purposes: readonly Purpose[] }, at: Date): Promise<StoredReceipt> {
    const receiptId = `rcpt_${randomUUID()}`;
    const { rows } = await this.db.query<ReceiptRow>(
      `insert into consent_receipts (subject_id, receipt_id, product_id, policy_kind, policy_version, purposes, given_at)
       values ($1, $2, $3, $4, $5, $6::int[], $7) returning ${RECEIPT_COLUMNS}`,
      [subjectId, receiptId, scope.productId, scope.kind, scope.version, `{${[...new Set(scope.purposes)].sort((a, b) => a - b).join(",")}}`, at.toISOString()],
    );
    return receiptFrom(rows[0]!);
  }

  /** The subject's receipts (of one product when `productId` is given), oldest first. */
  async list(subjectId: string, productId?: string): Promise<StoredReceipt[]> {
    const { rows } =
      productId === undefined
        ? await this.db.query<ReceiptRow>(`select ${RECEIPT_COLUMNS} from consent_receipts where subject_id = $1 order by given_at, receipt_id`, [subjectId])
        : await this.db.query<ReceiptRow>(
            `select ${RECEIPT_COLUMNS} from consent_receipts where subject_id = $1 and product_id = $2 order by given_at, receipt_id`,
            [subjectId, productId],
          );
    return rows.map(receiptFrom);
  }

  /**
   * Withdraws `purposes` (every purpose when empty) from the standing
   * receipts of `productId` ("" is the general policy). A receipt left with
   * no purpose is withdrawn as a whole; withdrawing the general policy as a
   * whole withdraws every product's receipts with it (000 §05, M133).
   * Returns the receipts changed, as they are now.
   */
  async withdraw(subjectId: string, productId: string, purposes: readonly Purpose[], at: Date): Promise<StoredReceipt[]> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<ReceiptRow>(
        `select ${RECEIPT_COLUMNS} from consent_receipts where subject_id = $1 and product_id = $2 and withdrawn_at is null for update`,
        [subjectId, productId],
      );
      const changed: StoredReceipt[] = [];
      let generalGone = false;
      for (const row of rows) {
        const receipt = receiptFrom(row);
        const remaining = purposes.length === 0 ? [] : receipt.purposes.filter((p) => !purposes.includes(p));
        if (remaining.length === receipt.purposes.length) continue;
        const { rows: updated } =
          remaining.length === 0
            ? await tx.query<ReceiptRow>(
                `update consent_receipts set withdrawn_at = $3 where subject_id = $1 and receipt_id = $2 returning ${RECEIPT_COLUMNS}`,
                [subjectId, receipt.receiptId, at.toISOString()],
              )
            : await tx.query<ReceiptRow>(
                `update consent_receipts set purposes = $3::int[] where subject_id = $1 and receipt_id = $2 returning ${RECEIPT_COLUMNS}`,
                [subjectId, receipt.receiptId, `{${remaining.join(",")}}`],
              );
        changed.push(receiptFrom(updated[0]!));
        if (productId === "" && receipt.kind === cloud.PolicyKind.GENERAL && remaining.length === 0) generalGone = true;
      }
      if (generalGone) {
        const { rows: cascaded } = await tx.query<ReceiptRow>(
          `update consent_receipts set withdrawn_at = $2 where subject_id = $1 and product_id <> '' and withdrawn_at is null returning ${RECEIPT_COLUMNS}`,
          [subjectId, at.toISOString()],
        );
        changed.push(...cascaded.map(receiptFrom));
      }
      return changed;
    });
  }

  /** A product's consent was given again: collection for it may resume (the data-rights engine marked it withdrawn). Returns whether it was. */
  async restoreProduct(subjectId: string, productId: string): Promise<boolean> {
    return new WithdrawnProducts(this.db).restore(subjectId, productId);
  }

  /** Whether the subject withdrew the product and has not given its consent again. */
  async isProductWithdrawn(subjectId: string, productId: string): Promise<boolean> {
    return new WithdrawnProducts(this.db).isWithdrawn(subjectId, productId);
  }

  /** Turns a product function on or off. */
  async setFunction(subjectId: string, productId: string, fn: string, enabled: boolean, at: Date): Promise<void> {
    await this.db.query(
      `insert into function_switches (subject_id, product_id, function_name, enabled, updated_at) values ($1, $2, $3, $4, $5)
       on conflict (subject_id, product_id, function_name) do update set enabled = excluded.enabled, updated_at = excluded.updated_at`,
      [subjectId, productId, fn, enabled, at.toISOString()],
    );
  }

  /** Turns an upload switch on or off. */
  async setUploadSwitch(subjectId: string, productId: string, name: string, enabled: boolean, at: Date): Promise<void> {
    await this.db.query(
      `insert into upload_switches (subject_id, product_id, upload_switch, enabled, updated_at) values ($1, $2, $3, $4, $5)
       on conflict (subject_id, product_id, upload_switch) do update set enabled = excluded.enabled, updated_at = excluded.updated_at`,
      [subjectId, productId, name, enabled, at.toISOString()],
    );
  }

  /**
   * Everything the subject consented to, switched and withdrew, in one
   * query: it runs before every ingest batch, where four round trips, even
   * overlapping, cost about a millisecond.
   */
  async recordsOf(subjectId: string): Promise<ConsentRecords> {
    const { rows } = await this.db.query<ConsentRow>(
      `select 'receipt' as kind, ${RECEIPT_COLUMNS}, null as name, null::boolean as enabled
         from consent_receipts where subject_id = $1
       union all
       select 'function', null, product_id, null, null, null, null, null, function_name, enabled
         from function_switches where subject_id = $1
       union all
       select 'upload', null, product_id, null, null, null, null, null, upload_switch, enabled
         from upload_switches where subject_id = $1 and not enabled
       union all
       select 'withdrawn', null, product_id, null, null, null, null, withdrawn_at, null, null
         from withdrawn_products where subject_id = $1
       order by kind, given_at, receipt_id`,
      [subjectId],
    );
    const receipts: StoredReceipt[] = [];
    const fns: ConsentRow[] = [];
    const uploads: ConsentRow[] = [];
    const withdrawn: ConsentRow[] = [];
    for (const row of rows) {
      if (row.kind === "receipt") receipts.push(receiptFrom(row as ReceiptRow));
      else if (row.kind === "function") fns.push(row);
      else if (row.kind === "upload") uploads.push(row);
      else withdrawn.push(row);
    }
    return {
      receipts,
      withdrawnProducts: new Set(withdrawn.map((r) => r.product_id)),
      enabledFunctions: new Set(fns.filter((r) => r.enabled).map((r) => switchKey(r.product_id, r.name!))),
      disabledFunctions: new Set(fns.filter((r) => !r.enabled).map((r) => switchKey(r.product_id, r.name!))),
      disabledUploads: new Set(uploads.map((r) => switchKey(r.product_id, r.name!))),
    };
  }
}
