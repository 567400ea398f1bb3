import { create } from "@bufbuild/protobuf";
import type { RecordStore } from "@datapact/cloud";
import { DataUseStatementSchema } from "@datapact/proto";
import type { TesteeFault } from "./testee-fault.js";

type RecordBatch = Parameters<RecordStore["insertBatch"]>[1];
type RecordBatchWriter = Awaited<ReturnType<RecordStore["openWriter"]>>;

const withoutReceipts = (records: RecordBatch): RecordBatch =>
  records.map((r) => ({ ...r, statement: create(DataUseStatementSchema, { ...r.statement, consentReceiptId: "" }) }));

/** A writer whose chunks lose their statements' receipt ids on the way in. */
function lossyWriter(writer: RecordBatchWriter): RecordBatchWriter {
  return new Proxy(writer, {
    get(target, prop, receiver) {
      if (prop === "write") return (records: RecordBatch, firstIndex?: number) => target.write(withoutReceipts(records), firstIndex);
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** A RecordStore whose writes (whole batches, or chunk by chunk through a writer) store each statement without its consent receipt id. */
function lossyStatements(store: RecordStore): RecordStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === "bind") return (tx: Parameters<RecordStore["bind"]>[0]) => lossyStatements(target.bind(tx));
      if (prop === "insertBatch") return (subject: string, records: RecordBatch) => target.insertBatch(subject, withoutReceipts(records));
      if (prop === "openWriter") return async (subject: string) => lossyWriter(await target.openWriter(subject));
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * DP-STATEMENT-WITHIN-SCHEMA: the cloud validates each record's statement
 * on ingest, then stores it through a lossy mapping that drops the consent
 * receipt id, so no stored record says which consent it was collected under.
 */
export const statementWithoutReceipt: TesteeFault = {
  id: "DP-STATEMENT-WITHIN-SCHEMA",
  summary: "the cloud stores each record's statement without its consent receipt id",
  hooks() {
    return {
      cloudStarted(cloud) {
        const context = cloud.server.context as { records: RecordStore };
        context.records = lossyStatements(context.records);
      },
    };
  },
};
