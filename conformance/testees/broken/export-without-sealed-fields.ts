import { clearField, clone, type Message } from "@bufbuild/protobuf";
import { planFor } from "@datapact/policy";
import { Tier } from "@datapact/proto";
import { DataExport } from "../../../packages/cloud/src/rights/export/data-export.js";
import type { ExportItem } from "../../../packages/cloud/src/rights/export/export-item.js";
import type { TesteeFault } from "./testee-fault.js";

/**
 * DP-EXPORT-COMPLETE: the export reads each record's plain copy only, so
 * the values the cloud keeps field-encrypted (health measures, locations,
 * credentials) are left out of what the user downloads.
 */
export const exportWithoutSealedFields: TesteeFault = {
  id: "DP-EXPORT-COMPLETE",
  summary: "the export skips the sealed part of records: field-encrypted values are missing from it",
  hooks() {
    const items = DataExport.prototype.items;
    DataExport.prototype.items = async function* (this: DataExport, ...args: Parameters<typeof items>) {
      for await (const item of items.apply(this, args) as AsyncGenerator<ExportItem>) {
        if (item.kind !== "record" || !item.record.sealed) {
          yield item;
          continue;
        }
        const plain = clone(item.record.schema, item.record.message as never) as Message;
        for (const slot of planFor(item.record.schema).slots) {
          if (slot.kind === "leaf" && slot.rule.encryptedAt.has(Tier.CLOUD)) clearField(plain as never, slot.rule.field);
        }
        yield { ...item, record: { ...item.record, message: plain } };
      }
    } as typeof items;
    return {};
  },
};
