import type { Registry } from "@bufbuild/protobuf";
import type { DataKeyring } from "../../keys/data-keyring.js";
import type { Queryable } from "../../storage/database/database.js";
import { RECORD_COLUMNS, recordsFromRows, type RecordRow } from "../../storage/records/record-row.js";
import type { StoredRecord } from "../../storage/records/stored-record.js";

/**
 * The latest records one device sent to its owner, decrypted: what a view of
 * the device starts from. A single indexed query (records_by_device) reading
 * through the storage layer's row decoder.
 */
export async function latestDeviceRecords(
  db: Queryable,
  keyring: DataKeyring,
  registry: Registry,
  ownerSubjectId: string,
  deviceId: string,
  limit: number,
): Promise<StoredRecord[]> {
  const { rows } = await db.query<RecordRow>(
    `select ${RECORD_COLUMNS} from records where subject_id = $1 and device_id = $2 order by collected_at desc, record_id desc limit $3`,
    [ownerSubjectId, deviceId, limit],
  );
  return recordsFromRows(ownerSubjectId, rows, keyring, registry);
}
