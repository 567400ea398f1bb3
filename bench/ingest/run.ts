// bench/ingest: records per second through the cloud's ingest handler
// (statement validation, consent check, policy projection, sealing of what
// the pact encrypts at rest, multi-row inserts in chunks that overlap the
// checking of the next chunk, scenes) as SyncService.Ingest runs it, against a plain
// batched insert of the same rows into the same table of the same database,
// in the same run. Target (issue 3): at least 0.5 of the plain rate on
// PostgreSQL. Also heap and RSS per 10k records. Benchmarks print; they
// never fail a build.
//
// The contenders run in rounds, one after the other in rotating order, and
// the ratio is the median of the rounds' ratios: on a shared two-core
// machine the speed of all drifts by tens of percent within seconds, and
// one round's contenders see the same drift, where medians of the rates
// taken apart do not. The quartiles of the rounds' ratios are printed too.
//
// A third contender, the plain insert sending its byte columns the way the
// record store sends payloads (one binary parameter per column, sliced per
// row, not a bytea[] in hex), is printed for comparison: it shows how much
// of the ratio the store's encoding buys, apart from the handler's work.
//
//   pnpm --filter @datapact/bench run ingest [records-per-round]
//
// DATAPACT_BENCH_ENGINES=postgres (or pglite) runs one engine only, for profiling.
import { cloud, Hop, Purpose } from "@datapact/proto";
import { randomBytes } from "node:crypto";
import {
  cloudMigrations,
  createCloudServer,
  createSubject,
  IngestPipeline,
  KeyEncryptionKey,
  migrate,
  openDatabase,
  silentLogger,
  type CloudServer,
  type Database,
  type DatabaseKind,
} from "./cloud.js";
import { workload, type WorkloadRecord } from "./workload.js";

const PG_URL = process.env.DATAPACT_PG_URL || "postgres://postgres@127.0.0.1:5432/test";
const PER_ROUND = Number(process.argv[2] ?? 3000);
const BATCH = 500;
const ROUNDS = 15;

/** The q-quantile (0..1) of xs, by the nearest rank. */
function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

async function postgresReachable(): Promise<boolean> {
  try {
    const db = await openDatabase({ url: PG_URL, poolSize: 1 });
    try {
      await db.query("select 1");
      return true;
    } finally {
      await db.close();
    }
  } catch {
    return false;
  }
}

/** The plain insert: the same multi-row statement shape the record store uses, none of its work. */
async function plainInsert(db: Database, subjectId: string, rows: readonly WorkloadRecord[], ids: readonly string[]): Promise<void> {
  await db.query(
    `insert into records (subject_id, record_id, product_id, message_type, device_id, payload_plain, payload_sealed, statement, purposes, qualifier, collected_at)
     select $1, r.record_id, r.product_id, r.message_type, r.device_id, r.payload_plain, null, r.statement, r.purposes::int[], r.qualifier, r.collected_at
     from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bytea[], $7::bytea[], $8::text[], $9::int[], $10::timestamptz[])
          as r(record_id, product_id, message_type, device_id, payload_plain, statement, purposes, qualifier, collected_at)`,
    [
      subjectId,
      ids,
      rows.map((r) => r.plainRow.productId),
      rows.map((r) => r.plainRow.messageType),
      rows.map((r) => r.plainRow.deviceId),
      rows.map((r) => r.plainRow.payload),
      rows.map((r) => r.plainRow.statement),
      rows.map((r) => r.plainRow.purposes),
      rows.map((r) => r.plainRow.qualifier),
      rows.map((r) => r.plainRow.collectedAt),
    ],
  );
}

/** A column of byte strings as one buffer and the 1-based start and length of each. */
function sliced(values: readonly Uint8Array[]): { bytes: Buffer; starts: number[]; lengths: number[] } {
  const bytes = Buffer.concat(values);
  const starts: number[] = [];
  let at = 1;
  for (const v of values) {
    starts.push(at);
    at += v.byteLength;
  }
  return { bytes, starts, lengths: values.map((v) => v.byteLength) };
}

/**
 * The plain insert with the byte columns sent the way the record store
 * sends its payloads (one binary parameter per column, sliced per row), for
 * comparison: it tells how much of the ratio is the store's encoding.
 */
async function plainBinaryInsert(db: Database, subjectId: string, rows: readonly WorkloadRecord[], ids: readonly string[]): Promise<void> {
  const payloads = sliced(rows.map((r) => r.plainRow.payload));
  const statements = sliced(rows.map((r) => r.plainRow.statement));
  await db.query(
    `insert into records (subject_id, record_id, product_id, message_type, device_id, payload_plain, payload_sealed, statement, purposes, qualifier, collected_at)
     select $1, r.record_id, r.product_id, r.message_type, r.device_id, substring($6::bytea from r.payload_at for r.payload_length), null,
            substring($7::bytea from r.statement_at for r.statement_length), r.purposes::int[], r.qualifier, r.collected_at
     from unnest($2::text[], $3::text[], $4::text[], $5::text[], $11::int[], $12::int[], $13::int[], $14::int[], $8::text[], $9::int[], $10::timestamptz[])
          as r(record_id, product_id, message_type, device_id, payload_at, payload_length, statement_at, statement_length, purposes, qualifier, collected_at)`,
    [
      subjectId,
      ids,
      rows.map((r) => r.plainRow.productId),
      rows.map((r) => r.plainRow.messageType),
      rows.map((r) => r.plainRow.deviceId),
      payloads.bytes,
      statements.bytes,
      rows.map((r) => r.plainRow.purposes),
      rows.map((r) => r.plainRow.qualifier),
      rows.map((r) => r.plainRow.collectedAt),
      payloads.starts,
      payloads.lengths,
      statements.starts,
      statements.lengths,
    ],
  );
}

interface Setup {
  server: CloudServer;
  pipeline: IngestPipeline;
  subjectId: string;
  plainSubjectId: string;
  receiptId: string;
  deviceId: string;
}

async function setUp(db: Database): Promise<Setup> {
  await migrate(db, cloudMigrations);
  const server = await createCloudServer({
    database: db,
    logger: silentLogger,
    kek: KeyEncryptionKey.generate(),
    secrets: { pairwise: randomBytes(32), userTokens: randomBytes(32), factoryMasterKey: randomBytes(32) },
  });
  const ctx = server.context;
  const subjectId = await createSubject(db, "eu");
  const plainSubjectId = await createSubject(db, "eu");
  const receipt = await ctx.consent.give(subjectId, { kind: cloud.PolicyKind.GENERAL, productId: "", version: "dev-1", purposes: [Purpose.FUNCTIONALITY, Purpose.ANALYTICS, Purpose.PERSONALIZATION, Purpose.ADVERTISING] }, new Date());
  const device = await ctx.devices.add({ subjectId, productId: "band", mac: "02:00:00:00:00:01", serialNumber: "BENCH-1", publicKey: new Uint8Array(32), keyHash: randomBytes(32), at: new Date() });
  return { server, pipeline: new IngestPipeline(ctx), subjectId, plainSubjectId, receiptId: receipt.receiptId, deviceId: device.deviceId };
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

async function benchEngine(kind: DatabaseKind): Promise<void> {
  const schema = `dp_bench_ingest_${process.pid}_${randomBytes(3).toString("hex")}`;
  const db = await openDatabase(kind === "postgres" ? { url: PG_URL, schema } : { schema });
  const s = await setUp(db);
  try {
    let round = 0;
    const candidateRates: number[] = [];
    const plainRates: number[] = [];
    const binaryRates: number[] = [];
    const runCandidate = async () => {
      const records = workload(PER_ROUND, s.receiptId, "dev-1", s.deviceId, `c${round}`);
      const t0 = process.hrtime.bigint();
      for (let at = 0; at < records.length; at += BATCH) {
        const batch = records.slice(at, at + BATCH).map((r) => r.envelope);
        await s.pipeline.ingest({ subjectId: s.subjectId, hop: Hop.APP_CLOUD }, batch);
      }
      return PER_ROUND / (Number(process.hrtime.bigint() - t0) / 1e9);
    };
    const runPlainWith = (insert: typeof plainInsert, tag: string) => async () => {
      const records = workload(PER_ROUND, s.receiptId, "dev-1", s.deviceId, `${tag}${round}`);
      const t0 = process.hrtime.bigint();
      for (let at = 0; at < records.length; at += BATCH) {
        const batch = records.slice(at, at + BATCH);
        await db.transaction(async (tx) =>
          insert(tx as Database, s.plainSubjectId, batch, batch.map((r) => r.envelope.recordId)),
        );
      }
      return PER_ROUND / (Number(process.hrtime.bigint() - t0) / 1e9);
    };
    const contenders = [
      { run: runCandidate, rates: candidateRates },
      { run: runPlainWith(plainInsert, "p"), rates: plainRates },
      { run: runPlainWith(plainBinaryInsert, "b"), rates: binaryRates },
    ];
    // Warm-up, then rounds in rotating order so drift hits all alike.
    round = -1;
    for (const c of contenders) await c.run();
    for (round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < contenders.length; k++) {
        const c = contenders[(round + k) % contenders.length]!;
        c.rates.push(await c.run());
      }
    }
    // Memory for 10k records through the handler, after a full collection.
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const tenK = workload(10_000, s.receiptId, "dev-1", s.deviceId, "mem");
    for (let at = 0; at < tenK.length; at += BATCH) {
      await s.pipeline.ingest({ subjectId: s.subjectId, hop: Hop.APP_CLOUD }, tenK.slice(at, at + BATCH).map((r) => r.envelope));
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }
    gc?.();
    const after = process.memoryUsage();

    const candidate = median(candidateRates);
    const plain = median(plainRates);
    const binary = median(binaryRates);
    const pairRatios = candidateRates.map((c, i) => c / plainRates[i]!);
    const binaryRatios = candidateRates.map((c, i) => c / binaryRates[i]!);
    const ratio = median(pairRatios);
    const target = kind === "postgres" ? 0.5 : undefined;
    const spread = (xs: readonly number[]) => `quartiles ${quantile(xs, 0.25).toFixed(3)} .. ${quantile(xs, 0.75).toFixed(3)}`;
    console.log(`${kind}: ${ROUNDS} rounds of ${PER_ROUND} records per contender, in batches of ${BATCH} (median rates)`);
    console.log(`  plain batched insert                      ${plain.toFixed(0).padStart(8)} records/s   ${(1e6 / plain).toFixed(1)} µs/record`);
    console.log(`  ingest handler (validate, consent, policy, seal, insert) ${candidate.toFixed(0).padStart(8)} records/s   ${(1e6 / candidate).toFixed(1)} µs/record`);
    console.log(
      `  ratio ${ratio.toFixed(3)} (median of the rounds' ratios; ${spread(pairRatios)})${target === undefined ? "   (no target on PGlite)" : `   target >= ${target}   ${ratio >= target ? "within target" : "BELOW TARGET"}`}`,
    );
    console.log(
      `  for comparison, the plain insert sending its byte columns as the store does (binary, sliced): ${binary.toFixed(0)} records/s; handler ratio to it ${median(binaryRatios).toFixed(3)} (${spread(binaryRatios)})`,
    );
    console.log(
      `  memory for 10k records through the handler: heap ${mib(before.heapUsed)} -> peak ${mib(peakHeap)} -> ${mib(after.heapUsed)} MiB after GC; rss ${mib(before.rss)} -> peak ${mib(peakRss)} MiB${gc ? "" : " (run with --expose-gc for settled numbers)"}`,
    );
  } finally {
    await s.server.close();
    if (kind === "postgres") await db.query(`drop schema if exists ${schema} cascade`).catch(() => {});
    await db.close();
  }
}

const ENGINES = (process.env.DATAPACT_BENCH_ENGINES || "postgres,pglite").split(",");

console.log(`bench/ingest: node ${process.version}`);
if (ENGINES.includes("postgres")) {
  if (await postgresReachable()) await benchEngine("postgres");
  else console.log(`postgres: skipped, ${PG_URL.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@")} is unreachable (set DATAPACT_PG_URL)`);
}
if (ENGINES.includes("pglite")) await benchEngine("pglite");
