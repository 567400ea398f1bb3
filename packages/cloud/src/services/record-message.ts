import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { cloud } from "@datapact/proto";
import type { StoredRecord } from "../storage/records/stored-record.js";

/** A stored record as the Record envelope the owner reads it back in. */
export function recordMessageOf(stored: StoredRecord): cloud.Record {
  return create(cloud.RecordSchema, {
    recordId: stored.recordId,
    statement: stored.statement,
    payload: toBinary(stored.schema, stored.message),
    collectedAt: timestampFromDate(stored.collectedAt),
    deviceId: stored.deviceId ?? "",
  });
}
