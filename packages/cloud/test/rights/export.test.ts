import { equals, fromJson, type Message } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { RecordStore, type Database, type DatabaseKind, type QueryResult } from "../../src/index.js";
import { DataExport, exportJsonChunks, type ExportItem } from "../../src/rights/index.js";
import { ENGINES } from "../storage/engines.js";
import { collect, findInText, useRights } from "./rights-fixture.js";

/** A Database that remembers the most rows any one query returned. */
function countingRows(db: Database): { db: Database; maxRows: () => number } {
  let max = 0;
  const wrapped: Database = Object.create(db) as Database;
  wrapped.query = async <Row,>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> => {
    const r = await db.query<Row>(sql, params);
    max = Math.max(max, r.rows.length);
    return r;
  };
  return { db: wrapped, maxRows: () => max };
}

describe.each(ENGINES)("export on %s", { timeout: 180_000 }, (engine: DatabaseKind) => {
  const fixture = useRights(engine, "rights_export");

  it("holds every stored record, decrypted and equal to what is stored, and every account row, then the counts", async (ctx) => {
    const f = fixture(ctx);
    const s = await f.populate();
    const other = await f.populate();
    await f.share(s.subjectId, other.subjectId, s.boundDeviceIds[0]!);
    const items = await collect(f.rights.exports.items(s.subjectId, { batchSize: 3 }));
    expect(items[0]).toMatchObject({ kind: "subject", subject: { subjectId: s.subjectId, region: "eu" } });
    expect(items[items.length - 1]!.kind).toBe("summary");

    const records = items.flatMap((i) => (i.kind === "record" ? [i.record] : []));
    expect(records.map((r) => r.recordId).sort()).toEqual(s.records.map((r) => r.record.recordId).sort());
    for (const written of s.records) {
      const exported = records.find((r) => r.recordId === written.record.recordId)!;
      expect(equals(written.record.schema, exported.message as never, written.stored as never)).toBe(true);
      const stored = (await f.records.get(s.subjectId, written.record.recordId))!;
      expect(equals(stored.schema, exported.message as never, stored.message as never)).toBe(true);
    }
    const kinds = (k: ExportItem["kind"]) => items.filter((i) => i.kind === k);
    expect(kinds("consent").map((i) => (i.kind === "consent" ? i.receipt.receiptId : "")).sort()).toEqual([...s.receiptIds].sort());
    expect(kinds("device").map((i) => (i.kind === "device" ? i.device.deviceId : "")).sort()).toEqual([...s.boundDeviceIds, ...s.unboundDeviceIds].sort());
    expect(kinds("share").length).toBe(1);
    expect(kinds("switch").length).toBe(2);
    expect(kinds("authorization").length).toBe(2);
    const summary = items[items.length - 1]!;
    if (summary.kind !== "summary") throw new Error("no summary");
    expect(summary.counts.recordCount).toBe(s.records.length);
    expect([...summary.counts.recordsByType.values()].reduce((a, b) => a + b, 0)).toBe(s.records.length);
    // Nothing of the other account.
    const json = (await collect(exportJsonChunks(f.rights.exports.items(s.subjectId), f.registry, f.clock.now()))).join("");
    expect(findInText(json, other.markers)).toEqual([]);
  });

  it("writes one JSON document: records in the protobuf JSON mapping (sealed values decrypted), account rows, and a summary whose text quotes no value", async (ctx) => {
    const f = fixture(ctx);
    const s = await f.populate();
    const chunks = await collect(exportJsonChunks(f.rights.exports.items(s.subjectId), f.registry, f.clock.now()));
    const doc = JSON.parse(chunks.join("")) as {
      format: string;
      account: { accountId: string };
      records: { recordId: string; messageType: string; data: unknown; statement: unknown }[];
      consents: unknown[];
      devices: { mac: string }[];
      summary: { recordCount: number; text: string };
    };
    expect(doc.format).toBe("datapact-export/1");
    expect(doc.account.accountId).toBe(s.subjectId);
    expect(doc.records.length).toBe(s.records.length);
    for (const r of doc.records) {
      const written = s.records.find((w) => w.record.recordId === r.recordId)!;
      const schema = f.registry.getMessage(r.messageType)!;
      expect(equals(schema, fromJson(schema, r.data as never) as Message, written.stored as never)).toBe(true);
    }
    // Every canary is in the export (decrypted), MACs and serial numbers included.
    expect(findInText(chunks.join(""), [...s.markers, ...s.anonymizable]).length).toBe(s.markers.length + s.anonymizable.length);
    expect(doc.consents.length).toBe(2);
    expect(doc.devices.length).toBe(s.boundDeviceIds.length + s.unboundDeviceIds.length);
    expect(doc.summary.recordCount).toBe(s.records.length);
    expect(doc.summary.text).toContain(`${s.records.length} records stored`);
    expect(findInText(doc.summary.text, [...s.markers, ...s.anonymizable])).toEqual([]);
  });

  it("streams: no query returns more rows than one batch, however many records there are", async (ctx) => {
    const f = fixture(ctx);
    const s = await f.populate();
    // 300 more records of one type.
    const extra = Array.from({ length: 300 }, (_, i) => ({ ...s.records[0]!.record, recordId: `bulk-${String(i).padStart(4, "0")}` }));
    await f.records.insertBatch(s.subjectId, extra);
    const { db, maxRows } = countingRows(f.db);
    const counting = new DataExport({ db, records: new RecordStore({ db, keyring: f.keyring, registry: f.registry }) });
    let n = 0;
    for await (const item of counting.items(s.subjectId, { batchSize: 25 })) if (item.kind === "record") n++;
    expect(n).toBe(s.records.length + 300);
    expect(maxRows()).toBeLessThanOrEqual(25);
  });

  it("exports one product alone when asked", async (ctx) => {
    const f = fixture(ctx);
    const s = await f.populate();
    const items = await collect(f.rights.exports.items(s.subjectId, { productId: "band" }));
    const records = items.flatMap((i) => (i.kind === "record" ? [i.record] : []));
    expect(records.length).toBe(s.records.filter((r) => r.record.statement.productId === "band").length);
    expect(records.every((r) => r.productId === "band")).toBe(true);
    expect(items.filter((i) => i.kind === "device").every((i) => i.kind === "device" && i.device.productId === "band")).toBe(true);
  });

  it("refuses an unknown subject and, once its key is destroyed, a shredded one", async (ctx) => {
    const f = fixture(ctx);
    await expect(collect(f.rights.exports.items("nobody"))).rejects.toMatchObject({ name: "UnknownSubjectError" });
    const s = await f.populate();
    await f.keyring.destroy(s.subjectId);
    await expect(collect(f.rights.exports.items(s.subjectId))).rejects.toMatchObject({ name: "KeyDestroyedError" });
  });
});
