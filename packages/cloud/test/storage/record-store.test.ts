import { create, equals, type Message } from "@bufbuild/protobuf";
import { forStorage, ThirdPartyDirectValueError, UnknownMessageTypeError } from "@datapact/policy";
import { band, DataUseStatementSchema, home, Tier } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import {
  createSubject,
  DataKeyring,
  InvalidArgumentError,
  InvalidPageTokenError,
  KeyDestroyedError,
  KeyEncryptionKey,
  RecordStore,
  SealedDataError,
  StoredRecordUnreadableError,
  UnknownSubjectError,
  type Database,
  type RecordToStore,
} from "../../src/index.js";
import { INGESTED_MESSAGE, type IngestedRecordToStore } from "../../src/storage/validation/ingested-message.js";
import { canaryRecord, statementOf } from "./canary-records.js";
import { ENGINES, useEngine } from "./engines.js";

const kek = KeyEncryptionKey.generate();

function storesOn(db: Database) {
  const keyring = new DataKeyring({ db, kek });
  return { keyring, store: new RecordStore({ db, keyring }) };
}

/** Every row of the records table, raw, for "nothing changed" checks. */
async function snapshot(db: Database): Promise<string> {
  const { rows } = await db.query<{ t: string }>("select r::text as t from records r order by subject_id, record_id");
  return rows.map((r) => r.t).join("\n");
}

const feedback = (id: string, at = new Date(Date.UTC(2024, 0, 1))) => canaryRecord(band.FeedbackRecordSchema, id, { collectedAt: at });

describe.each(ENGINES)("RecordStore on %s", { timeout: 120_000 }, (engine) => {
  const database = useEngine(engine, "records");

  it("stores a batch and reads each record back whole, with its statement and metadata", async (ctx) => {
    const db = database(ctx);
    const { store } = storesOn(db);
    const subject = await createSubject(db, "eu");
    const expires = new Date(Date.UTC(2024, 3, 1));
    const a = canaryRecord(band.FeedbackRecordSchema, "a", { deviceId: "dev-1", expiresAt: expires });
    const b = canaryRecord(home.PhoneInfoSchema, "b");
    const result = await store.insertBatch(subject, [a.record, b.record]);
    expect(result).toEqual({ insertedIds: ["a", "b"], existingIds: [] });
    const got = (await store.get(subject, "a"))!;
    expect(equals(band.FeedbackRecordSchema, got.message as never, a.stored as never)).toBe(true);
    expect(equals(DataUseStatementSchema, got.statement, a.record.statement)).toBe(true);
    expect(got).toMatchObject({ subjectId: subject, recordId: "a", productId: "band", deviceId: "dev-1", sealed: true, messageType: band.FeedbackRecordSchema.typeName });
    expect(got.expiresAt?.getTime()).toBe(expires.getTime());
    expect(got.collectedAt.getTime()).toBe(a.record.collectedAt.getTime());
    expect((await store.get(subject, "b"))!.deviceId).toBeUndefined();
    expect(await store.get(subject, "missing")).toBeUndefined();
    const { rows } = await db.query<{ purposes: number[]; qualifier: number }>("select purposes, qualifier from records where subject_id = $1 and record_id = 'a'", [subject]);
    expect(rows[0]!.purposes).toEqual(a.record.statement.purposes);
    expect(rows[0]!.qualifier).toBe(a.record.statement.qualifier);
  });

  it("is idempotent on record id: a repeat (even with other content) leaves the stored row as it was", async (ctx) => {
    const db = database(ctx);
    const { store } = storesOn(db);
    const subject = await createSubject(db, "eu");
    const batch = [feedback("r1"), feedback("r2"), feedback("r3")];
    await store.insertBatch(subject, batch.map((c) => c.record));
    const before = await snapshot(db);
    const again = await store.insertBatch(subject, [feedback("r2").record, feedback("r4").record, feedback("r4").record]);
    expect(again).toEqual({ insertedIds: ["r4"], existingIds: ["r2", "r4"] });
    const after = await snapshot(db);
    expect(after.startsWith(before.split("\n")[0]!)).toBe(true);
    const r2 = (await store.get(subject, "r2"))!;
    expect(equals(band.FeedbackRecordSchema, r2.message as never, batch[1]!.stored as never)).toBe(true);
    expect((await store.countByType(subject)).get(band.FeedbackRecordSchema.typeName)).toBe(4);
    // The same id under another subject is another record.
    const other = await createSubject(db, "eu");
    expect((await store.insertBatch(other, [feedback("r1").record])).insertedIds).toEqual(["r1"]);
  });

  it("lists newest first in pages that cover every record exactly once, and refuses foreign tokens", async (ctx) => {
    const db = database(ctx);
    const { store } = storesOn(db);
    const subject = await createSubject(db, "eu");
    // Timestamps repeat so the record id has to break ties.
    const records = Array.from({ length: 23 }, (_, i) => feedback(`r${String(i).padStart(2, "0")}`, new Date(Date.UTC(2024, 0, 1 + (i % 7)))));
    const phone = canaryRecord(home.PhoneInfoSchema, "phone-1");
    await store.insertBatch(subject, [...records.map((c) => c.record), phone.record]);
    const seen: string[] = [];
    let token = "";
    let pages = 0;
    do {
      const page = await store.list(subject, { productId: "band", pageSize: 5, pageToken: token });
      seen.push(...page.records.map((r) => r.recordId));
      token = page.nextPageToken;
      pages++;
    } while (token);
    expect(pages).toBe(5);
    const expected = [...records]
      .sort((x, y) => y.record.collectedAt.getTime() - x.record.collectedAt.getTime() || (x.record.recordId < y.record.recordId ? 1 : -1))
      .map((c) => c.record.recordId);
    expect(seen).toEqual(expected);

    const first = await store.list(subject, { productId: "band", pageSize: 5 });
    await expect(store.list(subject, { productId: "home", pageSize: 5, pageToken: first.nextPageToken })).rejects.toBeInstanceOf(InvalidPageTokenError);
    const other = await createSubject(db, "eu");
    await expect(store.list(other, { productId: "band", pageToken: first.nextPageToken })).rejects.toBeInstanceOf(InvalidPageTokenError);
    await expect(store.list(subject, { pageToken: "not-a-token" })).rejects.toBeInstanceOf(InvalidPageTokenError);
    await expect(store.list(subject, { pageSize: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);

    const phones = await store.list(subject, { messageType: home.PhoneInfoSchema.typeName });
    expect(phones.records.map((r) => r.recordId)).toEqual(["phone-1"]);
    expect(phones.nextPageToken).toBe("");
    expect((await store.list(subject)).records).toHaveLength(24);
  });

  it("scans every record in id order, a batch at a time, optionally of one product", async (ctx) => {
    const db = database(ctx);
    const { store } = storesOn(db);
    const subject = await createSubject(db, "eu");
    const records = Array.from({ length: 11 }, (_, i) => feedback(`s${String(i).padStart(2, "0")}`));
    await store.insertBatch(subject, [...records.map((c) => c.record), canaryRecord(home.PhoneInfoSchema, "s05x").record]);
    const all: string[] = [];
    for await (const r of store.scan(subject, { batchSize: 3 })) all.push(r.recordId);
    expect(all).toEqual([...records.map((c) => c.record.recordId), "s05x"].sort());
    const band4: string[] = [];
    for await (const r of store.scan(subject, { productId: "band", batchSize: 4 })) band4.push(r.recordId);
    expect(band4).toEqual(records.map((c) => c.record.recordId));
    const none: string[] = [];
    for await (const r of store.scan(await createSubject(db, "eu"))) none.push(r.recordId);
    expect(none).toEqual([]);
  });

  it("counts by type, deletes per product or all, and sweeps expired records", async (ctx) => {
    const db = database(ctx);
    const { store } = storesOn(db);
    const subject = await createSubject(db, "eu");
    const past = new Date(Date.UTC(2020, 0, 1));
    const future = new Date(Date.UTC(2999, 0, 1));
    await store.insertBatch(subject, [
      canaryRecord(band.FeedbackRecordSchema, "f1", { expiresAt: past }).record,
      canaryRecord(band.FeedbackRecordSchema, "f2", { expiresAt: future }).record,
      canaryRecord(home.PhoneInfoSchema, "p1", { expiresAt: past }).record,
      canaryRecord(home.PhoneInfoSchema, "p2").record,
    ]);
    expect(Object.fromEntries(await store.countByType(subject))).toEqual({ [band.FeedbackRecordSchema.typeName]: 2, [home.PhoneInfoSchema.typeName]: 2 });
    expect(Object.fromEntries(await store.countByType(subject, { productId: "home" }))).toEqual({ [home.PhoneInfoSchema.typeName]: 2 });
    let swept = 0;
    // The sweep spans subjects: pick an instant no other test's expiry precedes.
    const now = new Date(Date.UTC(2020, 6, 1));
    for (let n = 1; n > 0; ) swept += n = await store.deleteExpired(now, 1);
    expect(swept).toBe(2);
    expect(await store.get(subject, "f1")).toBeUndefined();
    expect(await store.get(subject, "f2")).toBeDefined();
    expect(await store.deleteFor(subject, "home")).toBe(1);
    expect(await store.deleteFor(subject)).toBe(1);
    expect((await store.countByType(subject)).size).toBe(0);
  });

  it("deletes one record of the subject only, and lists by device with tokens bound to the device", async (ctx) => {
    const db = database(ctx);
    const { store } = storesOn(db);
    const subject = await createSubject(db, "eu");
    const other = await createSubject(db, "eu");
    const at = (n: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, n));
    await store.insertBatch(subject, [
      canaryRecord(home.PhoneInfoSchema, "d1-a", { deviceId: "dev-1", collectedAt: at(1) }).record,
      canaryRecord(home.PhoneInfoSchema, "d2-a", { deviceId: "dev-2", collectedAt: at(2) }).record,
      canaryRecord(home.PhoneInfoSchema, "d1-b", { deviceId: "dev-1", collectedAt: at(3) }).record,
      canaryRecord(home.PhoneInfoSchema, "none", { collectedAt: at(4) }).record,
      canaryRecord(home.PhoneInfoSchema, "d1-c", { deviceId: "dev-1", collectedAt: at(5) }).record,
    ]);
    await store.insertBatch(other, [canaryRecord(home.PhoneInfoSchema, "d1-a", { deviceId: "dev-1" }).record]);

    const first = await store.list(subject, { deviceId: "dev-1", pageSize: 2 });
    expect(first.records.map((r) => r.recordId)).toEqual(["d1-c", "d1-b"]);
    expect(first.records.every((r) => r.deviceId === "dev-1")).toBe(true);
    const second = await store.list(subject, { deviceId: "dev-1", pageSize: 2, pageToken: first.nextPageToken });
    expect(second.records.map((r) => r.recordId)).toEqual(["d1-a"]);
    expect(second.nextPageToken).toBe("");
    // A token for one device's pages is no token for another's, nor for the unfiltered list.
    await expect(store.list(subject, { deviceId: "dev-2", pageSize: 2, pageToken: first.nextPageToken })).rejects.toBeInstanceOf(InvalidPageTokenError);
    await expect(store.list(subject, { pageSize: 2, pageToken: first.nextPageToken })).rejects.toBeInstanceOf(InvalidPageTokenError);
    expect((await store.list(subject, { deviceId: "dev-2" })).records.map((r) => r.recordId)).toEqual(["d2-a"]);
    expect((await store.list(subject)).records).toHaveLength(5);
    await expect(store.list(subject, { deviceId: 7 as unknown as string })).rejects.toBeInstanceOf(InvalidArgumentError);

    expect(await store.delete(subject, "d1-a")).toBe(true);
    expect(await store.delete(subject, "d1-a")).toBe(false);
    expect(await store.get(subject, "d1-a")).toBeUndefined();
    expect((await store.get(other, "d1-a"))?.recordId).toBe("d1-a");
    expect((await store.countByType(subject)).get(home.PhoneInfoSchema.typeName)).toBe(4);
    await expect(store.delete(subject, "" as string)).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("replaces a record in place (correction): the old value is gone", async (ctx) => {
    const db = database(ctx);
    const { store } = storesOn(db);
    const subject = await createSubject(db, "eu");
    const first = feedback("c1");
    await store.insertBatch(subject, [first.record]);
    const corrected = feedback("c1");
    await store.replace(subject, corrected.record);
    const got = (await store.get(subject, "c1"))!;
    expect(equals(band.FeedbackRecordSchema, got.message as never, corrected.stored as never)).toBe(true);
    const { rows } = await db.query<{ t: string }>("select r::text as t from records r where subject_id = $1", [subject]);
    expect(rows).toHaveLength(1);
    for (const marker of first.plainMarkers) expect(rows[0]!.t).not.toContain(Buffer.from(marker).toString("hex"));
  });

  it("stores only what the pact lets the cloud keep, whatever the caller hands it", async (ctx) => {
    const db = database(ctx);
    const { store } = storesOn(db);
    const subject = await createSubject(db, "eu");
    // A record straight from the app, not projected: the credential may not
    // be stored at the cloud, and the store projects it away itself.
    const unprojected = create(band.AccountLoginRequestSchema, { credential: "SECRET-credential", languageTag: "de-DE" } as never);
    const stored = forStorage(band.AccountLoginRequestSchema, unprojected, Tier.CLOUD);
    expect((stored as unknown as { credential: string }).credential).toBe("");
    const record = { recordId: "u1", schema: band.AccountLoginRequestSchema, message: unprojected, statement: statementOf(band.AccountLoginRequestSchema, stored), collectedAt: new Date() };
    // The ingest path's brand vouches for the message it names: a record
    // whose message is another one is projected like any other.
    await store.insertBatch(subject, [record, { ...record, recordId: "u2", [INGESTED_MESSAGE]: stored } as IngestedRecordToStore]);
    for (const id of ["u1", "u2"]) {
      const back = (await store.get(subject, id))!;
      expect(equals(band.AccountLoginRequestSchema, back.message as never, stored)).toBe(true);
      expect((back.message as unknown as { languageTag: string }).languageTag).toBe("de-DE");
    }
    const { rows } = await db.query<{ t: string }>("select r::text as t from records r where subject_id = $1", [subject]);
    expect(rows.length).toBe(2);
    for (const row of rows) expect(row.t).not.toContain(Buffer.from("SECRET-credential").toString("hex"));
  });

  describe("bad input", () => {
    const cases: [string, (good: RecordToStore) => unknown][] = [
      ["a record that is not an object", () => null],
      ["an empty record id", (g) => ({ ...g, recordId: "" })],
      ["a numeric record id", (g) => ({ ...g, recordId: 7 })],
      ["a record id with control characters", (g) => ({ ...g, recordId: "a\u0000b" })],
      ["a message of another type", (g) => ({ ...g, message: create(home.PhoneInfoSchema) })],
      ["a schema that is not a descriptor", (g) => ({ ...g, schema: { typeName: g.schema.typeName } })],
      ["a statement for another type", (g) => ({ ...g, statement: { ...g.statement, messageType: home.PhoneInfoSchema.typeName } })],
      ["a statement for another product", (g) => ({ ...g, statement: { ...g.statement, productId: "home" } })],
      ["a statement that is not one", (g) => ({ ...g, statement: { purposes: [1] } })],
      ["an invalid collection date", (g) => ({ ...g, collectedAt: new Date("nope") })],
      ["a collection date as a string", (g) => ({ ...g, collectedAt: "2024-01-01" })],
      ["an expiry beyond year 9999", (g) => ({ ...g, expiresAt: new Date(Date.UTC(10000, 0, 1)) })],
      ["a device id that is not a string", (g) => ({ ...g, deviceId: 12 })],
      ["a field holding a value of the wrong type", (g) => ({ ...g, message: ({ ...(g.message as object), feedbackText: 12345 }) as unknown as Message })],
      // The ingest path's brand vouches for one message: swapping the message in voids it.
      [
        "a wrong-typed value in a message swapped into a branded record",
        (g) => ({ ...g, message: ({ ...(g.message as object), feedbackText: 12345 }) as unknown as Message, [INGESTED_MESSAGE]: g.message }),
      ],
    ];

    it.for(cases)("refuses %s with InvalidArgumentError, storing nothing of the batch", async ([, mutate], ctx) => {
      const db = database(ctx);
      const { store } = storesOn(db);
      const subject = await createSubject(db, "eu");
      await store.insertBatch(subject, [feedback("kept").record]);
      const before = await snapshot(db);
      const good = feedback("new-good").record;
      const err = await store.insertBatch(subject, [good, mutate(feedback("bad").record) as RecordToStore]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).argument).toMatch(/^records\[1\]/);
      expect((err as Error).message).not.toMatch(/PLAIN-|SEALED-|12345/);
      expect(await snapshot(db)).toBe(before);
    });

    it("refuses a batch that is not an array, and a third-party-direct value, storing nothing", async (ctx) => {
      const db = database(ctx);
      const { store } = storesOn(db);
      const subject = await createSubject(db, "eu");
      const before = await snapshot(db);
      await expect(store.insertBatch(subject, "records" as never)).rejects.toBeInstanceOf(InvalidArgumentError);
      const card = create(band.BankCardVerificationSchema, { cardNumber: "4111111111111111" } as never);
      const statement = create(DataUseStatementSchema, { messageType: band.BankCardVerificationSchema.typeName, productId: "band", purposes: [1] });
      const err = await store
        .insertBatch(subject, [feedback("ok").record, { recordId: "card", schema: band.BankCardVerificationSchema, message: card, statement, collectedAt: new Date() }])
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ThirdPartyDirectValueError);
      expect((err as Error).message).not.toContain("4111");
      expect(await snapshot(db)).toBe(before);
    });

    it("refuses an unknown subject with UnknownSubjectError and stores nothing", async (ctx) => {
      const db = database(ctx);
      const { store } = storesOn(db);
      const before = await snapshot(db);
      await expect(store.insertBatch("no-such-subject", [feedback("x").record])).rejects.toBeInstanceOf(UnknownSubjectError);
      await expect(store.insertBatch("no-such-subject", [canaryRecord(home.PhoneInfoSchema, "y").record])).rejects.toBeInstanceOf(UnknownSubjectError);
      await expect(store.get("", "x")).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(await snapshot(db)).toBe(before);
      expect((await db.query<{ n: number }>("select count(*)::int as n from subject_keys where subject_id = 'no-such-subject'")).rows[0]!.n).toBe(0);
    });
  });

  describe("damaged or shredded rows", () => {
    it("reports a truncated or swapped sealed payload as SealedDataError, never as content", async (ctx) => {
      const db = database(ctx);
      const { store } = storesOn(db);
      const subject = await createSubject(db, "eu");
      await store.insertBatch(subject, [feedback("t1").record, feedback("t2").record]);
      await db.query("update records set payload_sealed = substring(payload_sealed from 1 for 20) where subject_id = $1 and record_id = 't1'", [subject]);
      await expect(store.get(subject, "t1")).rejects.toBeInstanceOf(SealedDataError);
      // A sealed payload moved to another row does not open there (bound to its record id).
      await db.query(
        "update records set payload_sealed = (select payload_sealed from records where subject_id = $1 and record_id = 't2') where subject_id = $1 and record_id = 't1'",
        [subject],
      );
      await expect(store.get(subject, "t1")).rejects.toBeInstanceOf(SealedDataError);
      expect((await store.get(subject, "t2"))!.recordId).toBe("t2");
    });

    it("reports undecodable plain bytes and unknown types with typed errors", async (ctx) => {
      const db = database(ctx);
      const { store } = storesOn(db);
      const subject = await createSubject(db, "eu");
      await store.insertBatch(subject, [canaryRecord(home.PhoneInfoSchema, "p").record, canaryRecord(home.PhoneInfoSchema, "q").record]);
      // Strip the sealed copy so the plain bytes are read, then break them.
      await db.query("update records set payload_sealed = null, payload_plain = '\\xff'::bytea where subject_id = $1 and record_id = 'p'", [subject]);
      const err = (await store.get(subject, "p").catch((e: unknown) => e)) as StoredRecordUnreadableError;
      expect(err).toBeInstanceOf(StoredRecordUnreadableError);
      expect(err.column).toBe("payload_plain");
      await db.query("update records set message_type = 'datapact.nowhere.v1.Gone' where subject_id = $1 and record_id = 'q'", [subject]);
      await expect(store.get(subject, "q")).rejects.toBeInstanceOf(UnknownMessageTypeError);
    });

    it("after crypto-shredding, sealed records no longer open and new records are refused", async (ctx) => {
      const db = database(ctx);
      const { store, keyring } = storesOn(db);
      const subject = await createSubject(db, "eu");
      await store.insertBatch(subject, [feedback("k1").record]);
      await keyring.destroy(subject);
      await expect(store.get(subject, "k1")).rejects.toBeInstanceOf(KeyDestroyedError);
      const before = await snapshot(db);
      await expect(store.insertBatch(subject, [canaryRecord(home.PhoneInfoSchema, "k2").record])).rejects.toBeInstanceOf(KeyDestroyedError);
      expect(await snapshot(db)).toBe(before);
    });
  });

  it("runs inside a caller's transaction: a rollback leaves neither records nor a key behind", async (ctx) => {
    const db = database(ctx);
    const { store, keyring } = storesOn(db);
    const subject = await createSubject(db, "eu");
    await db
      .transaction(async (tx) => {
        const result = await store.bind(tx).insertBatch(subject, [feedback("tx1").record]);
        expect(result.insertedIds).toEqual(["tx1"]);
        expect((await store.bind(tx).get(subject, "tx1"))!.recordId).toBe("tx1");
        throw new Error("roll back");
      })
      .catch(() => {});
    expect(await store.get(subject, "tx1")).toBeUndefined();
    expect(await keyring.keyStateOf(subject)).toBe("absent");
    await store.insertBatch(subject, [feedback("tx2").record]);
    expect((await store.get(subject, "tx2"))!.sealed).toBe(true);
  });

  it("inside a caller's transaction, a refused batch leaves no row of it behind", async (ctx) => {
    const db = database(ctx);
    const { store } = storesOn(db);
    const subject = await createSubject(db, "eu");
    await store.insertBatch(subject, [feedback("kept").record]);
    const before = await snapshot(db);
    const bad = { ...feedback("bad").record, statement: { ...feedback("bad").record.statement, messageType: "not.the.Type" } };
    for (const size of [3, 2500]) {
      const batch = [...Array.from({ length: size }, (_, i) => canaryRecord(home.PhoneInfoSchema, `in-tx-${size}-${i}`).record), bad];
      const refused = await db.transaction((tx) => store.bind(tx).insertBatch(subject, batch)).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(InvalidArgumentError);
      expect(await snapshot(db)).toBe(before);
    }
    // Batches of one statement and of several both commit with the caller's transaction.
    for (const size of [5, 2100]) {
      const batch = Array.from({ length: size }, (_, i) => canaryRecord(home.PhoneInfoSchema, `in-tx-ok-${size}-${i}`).record);
      const result = await db.transaction((tx) => store.bind(tx).insertBatch(subject, batch));
      expect(result.insertedIds).toHaveLength(size);
    }
    expect((await store.countByType(subject)).get(home.PhoneInfoSchema.typeName)).toBe(2105);
  });

  it("a refused batch outside any transaction leaves no key behind either", async (ctx) => {
    const db = database(ctx);
    const { store, keyring } = storesOn(db);
    const subject = await createSubject(db, "eu");
    const bad = { ...feedback("bad").record, statement: { ...feedback("bad").record.statement, messageType: "not.the.Type" } };
    await expect(store.insertBatch(subject, [feedback("good").record, bad])).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await keyring.keyStateOf(subject)).toBe("absent");
  });

  it("a writer stores chunk by chunk in the caller's transaction; a refused chunk rolls back the chunks before it", async (ctx) => {
    const db = database(ctx);
    const { store } = storesOn(db);
    const subject = await createSubject(db, "eu");
    await expect(store.openWriter(subject)).rejects.toBeInstanceOf(InvalidArgumentError);
    const before = await snapshot(db);
    const refused = await db
      .transaction(async (tx) => {
        const writer = await store.bind(tx).openWriter(subject);
        await writer.write([feedback("w-1").record, feedback("w-2").record]);
        await writer.write([feedback("w-3").record], 2);
        const bad = { ...feedback("w-bad").record, statement: { ...feedback("w-bad").record.statement, messageType: "not.the.Type" } };
        try {
          await writer.write([feedback("w-4").record, bad], 3);
        } catch (err) {
          await writer.abandon();
          throw err;
        }
      })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidArgumentError);
    // The error names the record by its place in the whole batch.
    expect((refused as InvalidArgumentError).argument).toMatch(/^records\[4\]/);
    expect(await snapshot(db)).toBe(before);

    const result = await db.transaction(async (tx) => {
      const writer = await store.bind(tx).openWriter(subject);
      await writer.write([feedback("w-1").record, feedback("w-2").record]);
      // A repeat in a later chunk counts as existing, as within one statement.
      await writer.write([feedback("w-2").record, feedback("w-3").record], 2);
      return writer.finish();
    });
    expect(result).toEqual({ insertedIds: ["w-1", "w-2", "w-3"], existingIds: ["w-2"] });
    expect((await store.get(subject, "w-3"))!.sealed).toBe(true);
  });

  it("writes big batches in several statements within one transaction", async (ctx) => {
    const db = database(ctx);
    const { store } = storesOn(db);
    const subject = await createSubject(db, "eu");
    const batch = Array.from({ length: 2500 }, (_, i) => canaryRecord(home.PhoneInfoSchema, `big-${i}`).record);
    const result = await store.insertBatch(subject, batch);
    expect(result.insertedIds).toHaveLength(2500);
    expect((await store.countByType(subject)).get(home.PhoneInfoSchema.typeName)).toBe(2500);
  });
});
