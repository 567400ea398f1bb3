// Export streams a subject's records through scan(); memory must not grow
// with the number of records. Heap is sampled after forced collections while
// 20 000 records (about 1 KB each, some 20 MB in all) stream through.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { create } from "@bufbuild/protobuf";
import { home } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { createSubject, DataKeyring, KeyEncryptionKey, RecordStore, type RecordToStore } from "../../src/index.js";
import { statementOf } from "./canary-records.js";
import { ENGINES, useEngine } from "./engines.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const ROWS = 20_000;
const MB = 1024 * 1024;

function record(i: number): RecordToStore {
  // PhoneInfo mixes sealed and plain leaves; the installed-apps list makes it about 1 KB.
  const message = create(home.PhoneInfoSchema, {
    androidId: `android-${i}`,
    phoneModel: `model-${i % 50}`,
    osVersion: "14",
    installedAppPackages: Array.from({ length: 30 }, (_, k) => `com.example.app${k}.${i}`),
  } as never);
  return { recordId: `rec-${String(i).padStart(6, "0")}`, schema: home.PhoneInfoSchema, message, statement: statementOf(home.PhoneInfoSchema, message), collectedAt: new Date(1_700_000_000_000 + i) };
}

describe.each(ENGINES)("scan memory on %s", { timeout: 300_000 }, (engine) => {
  const database = useEngine(engine, "scanmem");

  it(`stays flat while ${ROWS} records stream through`, async (ctx) => {
    const db = database(ctx);
    const store = new RecordStore({ db, keyring: new DataKeyring({ db, kek: KeyEncryptionKey.generate() }) });
    const subject = await createSubject(db, "eu");
    for (let at = 0; at < ROWS; at += 2000) await store.insertBatch(subject, Array.from({ length: 2000 }, (_, k) => record(at + k)));

    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let count = 0;
    let bytes = 0;
    let previous = "";
    for await (const r of store.scan(subject, { batchSize: 500 })) {
      expect(r.recordId > previous).toBe(true);
      previous = r.recordId;
      bytes += (r.message as unknown as { installedAppPackages: string[] }).installedAppPackages.join("").length;
      if (++count % 2000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      }
    }
    expect(count).toBe(ROWS);
    console.log(`[scan memory] ${engine}: ${ROWS} records, ${(bytes / MB).toFixed(1)} MB of list text streamed, peak heap growth ${(peak / MB).toFixed(1)} MB`);
    // Holding every record would take well over 20 MB; a flat scan holds one batch.
    expect(bytes).toBeGreaterThan(10 * MB);
    expect(peak).toBeLessThan(12 * MB);
  });
});
