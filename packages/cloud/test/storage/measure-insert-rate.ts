// Rows per second of RecordStore.insertBatch (policy projection, at-rest
// partition, value checks, per-subject sealing, one transaction) against a
// plain batched insert into the same table that only encodes the messages,
// on PGlite and on PostgreSQL. A measurement, not a test:
//   ../../node_modules/.bin/tsx test/storage/measure-insert-rate.ts [rows]
import { create, toBinary } from "@bufbuild/protobuf";
import { DataUseStatementSchema, home } from "@datapact/proto";
import { createSubject, DataKeyring, KeyEncryptionKey, RecordStore, type Database, type RecordToStore } from "../../src/index.js";
import { statementOf } from "./canary-records.js";
import { closeEngine, ENGINES, openEngine } from "./engines.js";

const ROWS = Number(process.argv[2] ?? 20_000);
const BATCH = 1000;

function record(i: number): RecordToStore {
  const message = create(home.PhoneInfoSchema, {
    androidId: `android-${i}`,
    phoneMac: `02:00:00:${i}`,
    phoneModel: `model-${i % 50}`,
    osVersion: "14",
    installedAppPackages: [`com.example.a.${i}`, `com.example.b.${i}`],
  } as never);
  return { recordId: `r-${i}`, schema: home.PhoneInfoSchema, message, statement: statementOf(home.PhoneInfoSchema, message), collectedAt: new Date(1_700_000_000_000 + i) };
}

async function plainInsert(db: Database, subject: string, records: readonly RecordToStore[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into records (subject_id, record_id, product_id, message_type, payload_plain, statement, purposes, qualifier, collected_at)
       select $1, r.id, r.p, r.t, r.b, r.s, r.u::int[], r.q, r.c
       from unnest($2::text[], $3::text[], $4::text[], $5::bytea[], $6::bytea[], $7::text[], $8::int[], $9::timestamptz[]) as r(id, p, t, b, s, u, q, c)
       on conflict (subject_id, record_id) do nothing`,
      [
        subject,
        records.map((r) => r.recordId),
        records.map(() => "home"),
        records.map((r) => r.schema.typeName),
        records.map((r) => toBinary(r.schema, r.message)),
        records.map((r) => toBinary(DataUseStatementSchema, r.statement)),
        records.map((r) => `{${r.statement.purposes.join(",")}}`),
        records.map((r) => r.statement.qualifier),
        records.map((r) => r.collectedAt.toISOString()),
      ],
    );
  });
}

async function timed(label: string, run: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = ROWS / seconds;
  console.log(`  ${label.padEnd(34)} ${rate.toFixed(0).padStart(7)} rows/s  (${seconds.toFixed(2)} s)`);
  return rate;
}

for (const engine of ENGINES) {
  const opened = await openEngine(engine, "measure");
  if (!opened) continue;
  const { db } = opened;
  try {
    const store = new RecordStore({ db, keyring: new DataKeyring({ db, kek: KeyEncryptionKey.generate() }) });
    const records = Array.from({ length: ROWS }, (_, i) => record(i));
    // Warm up both paths (JIT, plans, the subject's key) on a throwaway subject.
    const warm = await createSubject(db, "eu");
    await store.insertBatch(warm, records.slice(0, BATCH).map((r) => ({ ...r, recordId: `w-${r.recordId}` })));
    await plainInsert(db, warm, records.slice(0, BATCH).map((r) => ({ ...r, recordId: `p-${r.recordId}` })));

    console.log(`${engine}: ${ROWS} PhoneInfo records in batches of ${BATCH}`);
    const plainSubject = await createSubject(db, "eu");
    const plain = await timed("plain batched insert (encode only)", async () => {
      for (let at = 0; at < ROWS; at += BATCH) await plainInsert(db, plainSubject, records.slice(at, at + BATCH));
    });
    const storeSubject = await createSubject(db, "eu");
    const sealed = await timed("RecordStore.insertBatch", async () => {
      for (let at = 0; at < ROWS; at += BATCH) await store.insertBatch(storeSubject, records.slice(at, at + BATCH));
    });
    console.log(`  insertBatch runs at ${((sealed / plain) * 100).toFixed(0)}% of the plain insert`);
  } finally {
    await closeEngine(opened);
  }
}
