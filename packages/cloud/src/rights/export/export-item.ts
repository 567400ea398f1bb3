import type { cloud } from "@datapact/proto";
import type { StoredRecord } from "../../storage/records/stored-record.js";
import type { DeletionJob } from "../delete/deletion-job.js";

/** The account an export is of. */
export interface ExportedSubject {
  readonly subjectId: string;
  readonly region: string;
  readonly createdAt: Date;
}

/** Counts of an export, filled while it streams. */
export interface ExportCounts {
  readonly recordCount: number;
  /** Records per message type, by full type name. */
  readonly recordsByType: ReadonlyMap<string, number>;
  readonly consentCount: number;
  readonly deviceCount: number;
  readonly shareCount: number;
  readonly switchCount: number;
  readonly authorizationCount: number;
}

/**
 * One item of an export, in the order {@link DataExport.items} yields them:
 * the subject, every record, then the account's other rows, then the counts.
 */
export type ExportItem =
  | { readonly kind: "subject"; readonly subject: ExportedSubject }
  | { readonly kind: "record"; readonly record: StoredRecord }
  | { readonly kind: "consent"; readonly receipt: cloud.ConsentReceipt }
  | { readonly kind: "device"; readonly device: cloud.BoundDevice }
  | { readonly kind: "share"; readonly direction: "granted" | "received"; readonly share: cloud.Share }
  | { readonly kind: "switch"; readonly switchKind: "function" | "upload"; readonly productId: string; readonly name: string; readonly enabled: boolean }
  | { readonly kind: "authorization"; readonly manufacturerId: string; readonly authorizedAt: Date }
  | { readonly kind: "withdrawn_product"; readonly productId: string; readonly withdrawnAt: Date }
  | { readonly kind: "deletion_job"; readonly job: DeletionJob }
  | { readonly kind: "summary"; readonly counts: ExportCounts };
