// bench/rights: export and deletion of one account with 10k, 100k and 1M
// records on PostgreSQL, against a plain SELECT / DELETE ... WHERE
// subject_id = $1 of the same rows in the same run. Prints time, peak heap
// (live, after collection) and peak RSS. Targets (issue 4): deleting 100k
// records within 3x the plain DELETE; export memory flat in the number of
// records. Benchmarks print; they never fail a build.
//
//   pnpm --filter @datapact/bench run rights [sizes, default 10000,100000,1000000]
//
// Rows are made server-side (INSERT ... SELECT generate_series) from one
// template record of band.DailyActivitySummary written by the records store,
// a type the pact stores unencrypted at the cloud (so the copies need no
// per-row sealing: a sealed payload is bound to its record id).
import { create } from "@bufbuild/protobuf";
import { consentSnapshot, statementFor } from "@datapact/policy";
import { band, cloud, Purpose } from "@datapact/proto";
import { randomBytes } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  cloudMigrations,
  ConsentLedger,
  createDataRights,
  createSubject,
  DataKeyring,
  exportJsonChunks,
  KeyEncryptionKey,
  migrate,
  openDatabase,
  RecordStore,
  type Database,
} from "./cloud.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const PG_URL = process.env.DATAPACT_PG_URL || "postgres://postgres@127.0.0.1:5432/test";
const SIZES = (process.argv[2] ?? "10000,100000,1000000").split(",").map(Number);
const MB = 1024 * 1024;
const RECORD_COLUMNS = "record_id, product_id, message_type, device_id, payload_plain, payload_sealed, statement, collected_at, stored_at, expires_at";

/** Runs `fn`, sampling live heap (after a forced collection) whenever it calls `sample`, and RSS. */
async function measured<T>(fn: (sample: () => void) => Promise<T>): Promise<{ result: T; ms: number; heapMb: number; rssMb: number }> {
  gc();
  const baseHeap = process.memoryUsage().heapUsed;
  const baseRss = process.memoryUsage().rss;
  let heap = 0;
  let rss = 0;
  const sample = () => {
    gc();
    const m = process.memoryUsage();
    heap = Math.max(heap, m.heapUsed - baseHeap);
    rss = Math.max(rss, m.rss - baseRss);
  };
  const t0 = process.hrtime.bigint();
  const result = await fn(sample);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  sample();
  return { result, ms, heapMb: heap / MB, rssMb: rss / MB };
}

/** A subject with `n` records copied server-side from one template, plus a device and a receipt. */
async function accountWith(db: Database, store: RecordStore, n: number): Promise<string> {
  const subject = await createSubject(db, "eu");
  const consent = consentSnapshot({ band: { purposes: [Purpose.FUNCTIONALITY, Purpose.ANALYTICS] } });
  const message = create(band.DailyActivitySummarySchema, { date: "2025-01-01", steps: 8123, distanceM: 6004, caloriesKcal: 312.5, stepTargetAchieved: true, paiScore: 71.5 } as never);
  const statement = statementFor(band.DailyActivitySummarySchema, message, { consent, policyVersion: "bench", consentReceiptId: "bench" });
  await store.insertBatch(subject, [{ recordId: "tmpl", schema: band.DailyActivitySummarySchema, message, statement, collectedAt: new Date(Date.UTC(2025, 0, 1)) }]);
  await db.query(
    `insert into records (subject_id, record_id, product_id, message_type, device_id, payload_plain, payload_sealed, statement, purposes, qualifier, collected_at, expires_at)
     select t.subject_id, 'r' || lpad(g::text, 8, '0'), t.product_id, t.message_type, t.device_id, t.payload_plain, t.payload_sealed, t.statement, t.purposes, t.qualifier,
            t.collected_at + g * interval '1 second', t.expires_at
     from records t, generate_series(1, $2::int - 1) g where t.subject_id = $1 and t.record_id = 'tmpl'`,
    [subject, n],
  );
  await new ConsentLedger(db).give(subject, { kind: cloud.PolicyKind.GENERAL, productId: "", version: "bench", purposes: [Purpose.FUNCTIONALITY] }, new Date());
  await db.query(
    "insert into devices (subject_id, device_id, product_id, mac, serial_number, device_key_hash) values ($1, $2, 'band', $3, $4, $5)",
    [subject, `dev_${randomBytes(8).toString("hex")}`, randomBytes(6).toString("hex"), randomBytes(6).toString("hex"), randomBytes(32)],
  );
  return subject;
}

async function main(): Promise<void> {
  let db: Database;
  const schema = `bench_rights_${process.pid}`;
  try {
    db = await openDatabase({ url: PG_URL, schema, poolSize: 4 });
    await db.query("select 1");
  } catch {
    console.log(`bench/rights: PostgreSQL at ${PG_URL.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@")} is unreachable (set DATAPACT_PG_URL); nothing measured`);
    return;
  }
  try {
    await migrate(db, cloudMigrations);
    const keyring = new DataKeyring({ db, kek: KeyEncryptionKey.generate() });
    const records = new RecordStore({ db, keyring });
    const rights = createDataRights({ db, keyring, records });
    console.log(`bench/rights: PostgreSQL, node ${process.version}, band.DailyActivitySummary records`);
    // Warm-up: module loading, JIT and first-statement planning are not what is measured.
    for (let i = 0; i < 3; i++) {
      const warm = await accountWith(db, records, 100);
      for await (const chunk of exportJsonChunks(rights.exports.items(warm), rights.registry, new Date())) void chunk;
      await rights.runner.run((await rights.deletions.requestDeletion(warm)).jobId);
    }
    const rows: string[] = [];
    for (const n of SIZES) {
      const t0 = Date.now();
      const candidate = await accountWith(db, records, n);
      const baseline = await accountWith(db, records, n);
      await db.query("vacuum analyze records");
      console.log(`\n${n.toLocaleString("en")} records per account (made in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);

      const plainSelect = await measured(async (sample) => {
        const { rows: got } = await db.query(`select ${RECORD_COLUMNS} from records where subject_id = $1`, [baseline]);
        sample();
        return got.length;
      });
      const exported = await measured(async (sample) => {
        let bytes = 0;
        let items = 0;
        for await (const chunk of exportJsonChunks(rights.exports.items(candidate, { batchSize: 1000 }), rights.registry, new Date())) {
          bytes += chunk.length;
          if (++items % 50_000 === 0) sample();
        }
        return bytes;
      });
      console.log(`  export   plain SELECT            ${plainSelect.ms.toFixed(0).padStart(8)} ms  heap +${plainSelect.heapMb.toFixed(1).padStart(7)} MB  rss +${plainSelect.rssMb.toFixed(1).padStart(7)} MB  (${plainSelect.result} rows)`);
      console.log(`           streamed JSON export    ${exported.ms.toFixed(0).padStart(8)} ms  heap +${exported.heapMb.toFixed(1).padStart(7)} MB  rss +${exported.rssMb.toFixed(1).padStart(7)} MB  (${(exported.result / MB).toFixed(1)} MB of JSON)`);
      console.log(`           ratio ${(exported.ms / plainSelect.ms).toFixed(2)}x time; export memory is per batch, the plain SELECT holds every row`);

      // Deletion: rounds of two fresh accounts each, the order alternating, medians reported.
      const rounds = n <= 100_000 ? 3 : 1;
      const plainMs: number[] = [];
      const jobMs: number[] = [];
      let steps = "";
      for (let round = 0; round < rounds; round++) {
        const [a, b] = round === 0 ? [candidate, baseline] : [await accountWith(db, records, n), await accountWith(db, records, n)];
        if (round > 0) await db.query("vacuum analyze records");
        const plain = async () => plainMs.push((await measured(async () => (await db.query("delete from records where subject_id = $1", [b])).rowCount)).ms);
        const job = async () => {
          const m = await measured(async () => rights.runner.run((await rights.deletions.requestDeletion(a)).jobId));
          steps = m.result?.completedSteps.join(", ") ?? "";
          jobMs.push(m.ms);
        };
        if (round % 2 === 0) {
          await plain();
          await job();
        } else {
          await job();
          await plain();
        }
        await db.query("delete from subjects where subject_id = $1", [b]);
      }
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
      const ratio = median(jobMs) / median(plainMs);
      console.log(`  delete   plain DELETE            ${median(plainMs).toFixed(0).padStart(8)} ms  (median of ${rounds}: ${plainMs.map((x) => x.toFixed(0)).join(", ")})`);
      console.log(`           account deletion job    ${median(jobMs).toFixed(0).padStart(8)} ms  (median of ${rounds}: ${jobMs.map((x) => x.toFixed(0)).join(", ")}; ${steps})`);
      console.log(`           ratio ${ratio.toFixed(2)}x${n === 100_000 ? `   target <= 3x   ${ratio <= 3 ? "within target" : "OVER TARGET"}` : ""}`);
      rows.push(`${String(n).padStart(8)}  export ${exported.ms.toFixed(0).padStart(7)} ms heap +${exported.heapMb.toFixed(1)} MB (plain ${plainSelect.ms.toFixed(0)} ms, +${plainSelect.heapMb.toFixed(1)} MB)   delete ${median(jobMs).toFixed(0).padStart(7)} ms = ${ratio.toFixed(2)}x plain`);
    }
    console.log(`\nsummary\n${rows.join("\n")}`);
  } finally {
    await db.query(`drop schema if exists ${schema} cascade`).catch(() => {});
    await db.close();
  }
}

await main();
