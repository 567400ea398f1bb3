import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { cloud, type Purpose } from "@datapact/proto";
import type { Queryable } from "../../storage/database/database.js";
import { UnknownSubjectError } from "../../storage/errors/unknown-subject-error.js";
import type { RecordStore } from "../../storage/records/record-store.js";
import { checkedId } from "../../storage/validation/checked-id.js";
import { DeletionJobStore } from "../delete/deletion-job-store.js";
import type { ExportedSubject, ExportItem } from "./export-item.js";

/** Options of {@link DataExport}. */
export interface DataExportOptions {
  readonly db: Queryable;
  /** Reads and decrypts the subject's records. */
  readonly records: RecordStore;
}

/** Options of {@link DataExport.items}. */
export interface ExportOptions {
  /** One product's data; absent or "" exports everything. */
  readonly productId?: string;
  /** Records fetched per round trip (memory stays proportional to this). Default 500. */
  readonly batchSize?: number;
}

const timestamp = (d: Date | null | undefined) => (d ? timestampFromDate(d) : undefined);

/**
 * The complete export of a subject's data (000 §05 "Download"; M131): every
 * stored record, decrypted, streamed a batch at a time so memory stays flat
 * in the number of records; then the account's consent receipts (withdrawn
 * ones too), devices (with their MAC and serial number), shares granted and
 * received, function and upload switches, manufacturers holding a pairwise
 * id, withdrawn products and deletion jobs; then the counts. Everything
 * read from the subject's own rows; nothing of anyone else (a received
 * share names the device, never its owner).
 */
export class DataExport {
  private readonly db: Queryable;
  private readonly records: RecordStore;

  constructor(options: DataExportOptions) {
    this.db = options.db;
    this.records = options.records;
  }

  /**
   * The subject's data as a stream of items. Throws UnknownSubjectError,
   * KeyDestroyedError (the account's data was shredded by a deletion).
   * Rows written while the export runs may or may not appear.
   */
  async *items(subjectId: string, options: ExportOptions = {}): AsyncGenerator<ExportItem, void, undefined> {
    checkedId(subjectId, "subjectId");
    const productId = options.productId === undefined || options.productId === "" ? undefined : checkedId(options.productId, "productId");
    const subject = await this.subject(subjectId);
    yield { kind: "subject", subject };

    const recordsByType = new Map<string, number>();
    let recordCount = 0;
    for await (const record of this.records.scan(subjectId, { productId, batchSize: options.batchSize })) {
      recordCount++;
      recordsByType.set(record.messageType, (recordsByType.get(record.messageType) ?? 0) + 1);
      yield { kind: "record", record };
    }

    const receipts = await this.receipts(subjectId, productId);
    for (const receipt of receipts) yield { kind: "consent", receipt };
    const devices = await this.devices(subjectId, productId);
    for (const device of devices) yield { kind: "device", device };
    const shares = await this.shares(subjectId, productId);
    for (const share of shares) yield { kind: "share", ...share };
    const switches = await this.switches(subjectId, productId);
    for (const s of switches) yield { kind: "switch", ...s };
    const authorizations = productId === undefined ? await this.authorizations(subjectId) : [];
    for (const a of authorizations) yield { kind: "authorization", ...a };
    const { rows: withdrawn } = await this.db.query<{ product_id: string; withdrawn_at: Date }>(
      `select product_id, withdrawn_at from withdrawn_products where subject_id = $1${productId ? " and product_id = $2" : ""} order by product_id`,
      productId ? [subjectId, productId] : [subjectId],
    );
    for (const w of withdrawn) yield { kind: "withdrawn_product", productId: w.product_id, withdrawnAt: w.withdrawn_at };
    for (const job of await new DeletionJobStore(this.db).listFor(subjectId)) if (!productId || job.productId === productId) yield { kind: "deletion_job", job };

    yield {
      kind: "summary",
      counts: {
        recordCount,
        recordsByType,
        consentCount: receipts.length,
        deviceCount: devices.length,
        shareCount: shares.length,
        switchCount: switches.length,
        authorizationCount: authorizations.length,
      },
    };
  }

  private async subject(subjectId: string): Promise<ExportedSubject> {
    const { rows } = await this.db.query<{ region: string; created_at: Date }>("select region, created_at from subjects where subject_id = $1", [subjectId]);
    if (!rows[0]) throw new UnknownSubjectError(subjectId);
    return { subjectId, region: rows[0].region, createdAt: rows[0].created_at };
  }

  private async receipts(subjectId: string, productId: string | undefined): Promise<cloud.ConsentReceipt[]> {
    const { rows } = await this.db.query<{ receipt_id: string; product_id: string; policy_kind: number; policy_version: string; purposes: number[]; given_at: Date; withdrawn_at: Date | null }>(
      `select receipt_id, product_id, policy_kind, policy_version, purposes, given_at, withdrawn_at from consent_receipts
       where subject_id = $1${productId ? " and product_id = $2" : ""} order by given_at, receipt_id`,
      productId ? [subjectId, productId] : [subjectId],
    );
    return rows.map((r) =>
      create(cloud.ConsentReceiptSchema, {
        receiptId: r.receipt_id,
        productId: r.product_id,
        policyKind: r.policy_kind,
        policyVersion: r.policy_version,
        purposes: r.purposes.map(Number) as Purpose[],
        givenAt: timestamp(r.given_at),
        withdrawnAt: timestamp(r.withdrawn_at),
      }),
    );
  }

  private async devices(subjectId: string, productId: string | undefined): Promise<cloud.BoundDevice[]> {
    const { rows } = await this.db.query<{ device_id: string; product_id: string; mac: string; serial_number: string; bound_at: Date }>(
      `select device_id, product_id, mac, serial_number, bound_at from devices where subject_id = $1${productId ? " and product_id = $2" : ""} order by bound_at, device_id`,
      productId ? [subjectId, productId] : [subjectId],
    );
    return rows.map((r) => create(cloud.BoundDeviceSchema, { deviceId: r.device_id, productId: r.product_id, mac: r.mac, serialNumber: r.serial_number, boundAt: timestamp(r.bound_at) }));
  }

  private async shares(subjectId: string, productId: string | undefined): Promise<{ direction: "granted" | "received"; share: cloud.Share }[]> {
    const { rows } = await this.db.query<{ owner_subject_id: string; share_id: string; grantee_subject_id: string; device_id: string; permissions: number[]; created_at: Date; revoked_at: Date | null }>(
      `select owner_subject_id, share_id, grantee_subject_id, device_id, permissions, created_at, revoked_at from shares
       where (owner_subject_id = $1 or grantee_subject_id = $1)${productId ? " and device_id in (select device_id from devices where product_id = $2)" : ""}
       order by created_at, share_id`,
      productId ? [subjectId, productId] : [subjectId],
    );
    return rows.map((r) => {
      const granted = r.owner_subject_id === subjectId;
      return {
        direction: granted ? ("granted" as const) : ("received" as const),
        share: create(cloud.ShareSchema, {
          shareId: r.share_id,
          deviceId: r.device_id,
          // The subject named the grantee of its own shares; a received share never names its owner.
          granteeAccountId: granted ? r.grantee_subject_id : subjectId,
          permissions: r.permissions.map(Number) as cloud.SharePermission[],
          createdAt: timestamp(r.created_at),
          revokedAt: timestamp(r.revoked_at),
        }),
      };
    });
  }

  private async switches(subjectId: string, productId: string | undefined): Promise<{ switchKind: "function" | "upload"; productId: string; name: string; enabled: boolean }[]> {
    const byProduct = productId ? " and product_id = $2" : "";
    const params = productId ? [subjectId, productId] : [subjectId];
    const { rows: fns } = await this.db.query<{ product_id: string; function_name: string; enabled: boolean }>(
      `select product_id, function_name, enabled from function_switches where subject_id = $1${byProduct} order by product_id, function_name`,
      params,
    );
    const { rows: uploads } = await this.db.query<{ product_id: string; upload_switch: string; enabled: boolean }>(
      `select product_id, upload_switch, enabled from upload_switches where subject_id = $1${byProduct} order by product_id, upload_switch`,
      params,
    );
    return [
      ...fns.map((r) => ({ switchKind: "function" as const, productId: r.product_id, name: r.function_name, enabled: r.enabled })),
      ...uploads.map((r) => ({ switchKind: "upload" as const, productId: r.product_id, name: r.upload_switch, enabled: r.enabled })),
    ];
  }

  private async authorizations(subjectId: string): Promise<{ manufacturerId: string; authorizedAt: Date }[]> {
    const { rows } = await this.db.query<{ manufacturer_id: string; created_at: Date }>(
      "select manufacturer_id, created_at from pairwise_ids where subject_id = $1 and revoked_at is null order by manufacturer_id",
      [subjectId],
    );
    return rows.map((r) => ({ manufacturerId: r.manufacturer_id, authorizedAt: r.created_at }));
  }
}
