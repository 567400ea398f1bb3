import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createSubject,
  DataKeyMissingError,
  DataKeyring,
  InvalidArgumentError,
  KeyDestroyedError,
  KeyEncryptionKey,
  SealedDataError,
  UnknownKeyEncryptionKeyError,
  UnknownSubjectError,
  type Database,
} from "../../src/index.js";
import { ENGINES, useEngine } from "../storage/engines.js";

async function keyRow(db: Database, subjectId: string) {
  const { rows } = await db.query<{ kek_id: string | null; wrapped_key: Uint8Array | null; destroyed_at: Date | null }>(
    "select kek_id, wrapped_key, destroyed_at from subject_keys where subject_id = $1",
    [subjectId],
  );
  return rows[0];
}

describe.each(ENGINES)("DataKeyring on %s", { timeout: 60_000 }, (engine) => {
  const database = useEngine(engine, "keyring");
  const kek = KeyEncryptionKey.generate();

  it("creates one wrapped data key per subject on first use and opens what it sealed", async (ctx) => {
    const db = database(ctx);
    const keyring = new DataKeyring({ db, kek });
    const subject = await createSubject(db, "eu");
    expect(await keyring.keyStateOf(subject)).toBe("absent");
    const sealed = await keyring.sealFor(subject, Buffer.from("heart rate 61"), "record-1");
    expect(await keyring.keyStateOf(subject)).toBe("live");
    const row = await keyRow(db, subject);
    expect(row!.kek_id).toBe(kek.id);
    expect(row!.wrapped_key!.length).toBe(32 + 29);
    expect(Buffer.from(await keyring.openFor(subject, sealed, "record-1")).toString()).toBe("heart rate 61");
    // A second keyring (another process) unwraps the same stored key.
    const other = new DataKeyring({ db, kek });
    expect(Buffer.from(await other.openFor(subject, sealed, "record-1")).toString()).toBe("heart rate 61");
    await other.sealFor(subject, Buffer.from("x"), "y");
    expect(Buffer.from((await keyRow(db, subject))!.wrapped_key!).equals(Buffer.from(row!.wrapped_key!))).toBe(true);
  });

  it("binds sealed data to its subject and context", async (ctx) => {
    const db = database(ctx);
    const keyring = new DataKeyring({ db, kek });
    const alice = await createSubject(db, "eu");
    const bob = await createSubject(db, "eu");
    const sealed = await keyring.sealFor(alice, Buffer.from("alice's data"), "ctx");
    await keyring.sealFor(bob, Buffer.from("bob's"), "ctx");
    await expect(keyring.openFor(bob, sealed, "ctx")).rejects.toBeInstanceOf(SealedDataError);
    await expect(keyring.openFor(alice, sealed, "other ctx")).rejects.toBeInstanceOf(SealedDataError);
  });

  it("crypto-shreds: after destroy the wrapped key is gone, open and seal fail with KeyDestroyedError", async (ctx) => {
    const db = database(ctx);
    const keyring = new DataKeyring({ db, kek });
    const other = new DataKeyring({ db, kek, cacheTtlMs: 0 });
    const subject = await createSubject(db, "eu");
    const sealed = await keyring.sealFor(subject, Buffer.from("to be shredded"), "r");
    await other.openFor(subject, sealed, "r");
    await keyring.destroy(subject);
    const row = await keyRow(db, subject);
    expect(row!.wrapped_key).toBeNull();
    expect(row!.kek_id).toBeNull();
    expect(row!.destroyed_at).toBeInstanceOf(Date);
    await expect(keyring.openFor(subject, sealed, "r")).rejects.toBeInstanceOf(KeyDestroyedError);
    await expect(other.openFor(subject, sealed, "r")).rejects.toBeInstanceOf(KeyDestroyedError);
    await expect(keyring.sealFor(subject, Buffer.from("new"), "r")).rejects.toBeInstanceOf(KeyDestroyedError);
    expect(await keyring.keyStateOf(subject)).toBe("destroyed");
    await keyring.destroy(subject); // idempotent
    const err = (await keyring.openFor(subject, sealed, "r").catch((e: unknown) => e)) as KeyDestroyedError;
    expect(err.code).toBe("KEY_DESTROYED");
    expect(err.subjectId).toBe(subject);
  });

  it("shreds a subject that never had a key, so none is created later", async (ctx) => {
    const db = database(ctx);
    const keyring = new DataKeyring({ db, kek });
    const subject = await createSubject(db, "eu");
    await keyring.destroy(subject);
    await expect(keyring.sealFor(subject, Buffer.from("x"), "r")).rejects.toBeInstanceOf(KeyDestroyedError);
  });

  it("refuses unknown subjects, keys it does not hold and bad arguments with typed errors, writing nothing", async (ctx) => {
    const db = database(ctx);
    const keyring = new DataKeyring({ db, kek });
    const before = (await db.query<{ n: number }>("select count(*)::int as n from subject_keys")).rows[0]!.n;
    await expect(keyring.sealFor("no-such-subject", Buffer.from("x"), "r")).rejects.toBeInstanceOf(UnknownSubjectError);
    await expect(keyring.destroy("no-such-subject")).rejects.toBeInstanceOf(UnknownSubjectError);
    await expect(keyring.openFor("no-such-subject", new Uint8Array(40), "r")).rejects.toBeInstanceOf(DataKeyMissingError);
    await expect(keyring.sealFor("", Buffer.from("x"), "r")).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(keyring.sealFor(42 as never, Buffer.from("x"), "r")).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(keyring.sealFor("s", "text" as never, "r")).rejects.toBeInstanceOf(InvalidArgumentError);
    expect((await db.query<{ n: number }>("select count(*)::int as n from subject_keys")).rows[0]!.n).toBe(before);

    const subject = await createSubject(db, "eu");
    const sealed = await keyring.sealFor(subject, Buffer.from("x"), "r");
    const stranger = new DataKeyring({ db, kek: KeyEncryptionKey.generate() });
    await expect(stranger.openFor(subject, sealed, "r")).rejects.toBeInstanceOf(UnknownKeyEncryptionKeyError);
    const rotated = new DataKeyring({ db, kek: KeyEncryptionKey.generate(), retiredKeks: [kek] });
    expect(Buffer.from(await rotated.openFor(subject, sealed, "r")).toString()).toBe("x");
    await expect(keyring.openFor(subject, sealed.subarray(0, 20), "r")).rejects.toBeInstanceOf(SealedDataError);
  });

  it("does not cache a key created inside a transaction that rolls back", async (ctx) => {
    const db = database(ctx);
    const keyring = new DataKeyring({ db, kek });
    const subject = await createSubject(db, "eu");
    let sealedInside: Uint8Array | undefined;
    await db
      .transaction(async (tx) => {
        sealedInside = await keyring.bind(tx).sealFor(subject, Buffer.from("lost"), "r");
        throw new Error("roll back");
      })
      .catch(() => {});
    expect(await keyring.keyStateOf(subject)).toBe("absent");
    // Had the rolled-back key been cached, this would seal under a key no row holds.
    const sealed = await keyring.sealFor(subject, Buffer.from("kept"), "r");
    const fresh = new DataKeyring({ db, kek });
    expect(Buffer.from(await fresh.openFor(subject, sealed, "r")).toString()).toBe("kept");
    await expect(fresh.openFor(subject, sealedInside!, "r")).rejects.toBeInstanceOf(SealedDataError);
  });

  it("agrees on one key when several keyrings create it at once", async (ctx) => {
    const db = database(ctx);
    const subject = await createSubject(db, "eu");
    const keyrings = Array.from({ length: 4 }, () => new DataKeyring({ db, kek }));
    const sealed = await Promise.all(keyrings.map((k, i) => k.sealFor(subject, Buffer.from(`v${i}`), "r")));
    const reader = new DataKeyring({ db, kek });
    for (let i = 0; i < sealed.length; i++) expect(Buffer.from(await reader.openFor(subject, sealed[i]!, "r")).toString()).toBe(`v${i}`);
  });

  it("prefetch caches a live key and never creates one", async (ctx) => {
    const db = database(ctx);
    const keyring = new DataKeyring({ db, kek });
    const subject = await createSubject(db, "eu");
    await keyring.prefetch(subject);
    expect(await keyring.keyStateOf(subject)).toBe("absent");
    await keyring.ensureKeyFor(subject);
    await keyring.prefetch(subject);
    await keyring.destroy(subject);
    await keyring.prefetch(subject);
    expect(await keyring.keyStateOf(subject)).toBe("destroyed");
    await expect(keyring.prefetch("no-such-subject")).resolves.toBeUndefined();
  });

  it("a sealer seals many payloads under one lookup, each with its own nonce, and is useless once closed", async (ctx) => {
    const db = database(ctx);
    const keyring = new DataKeyring({ db, kek });
    const subject = await createSubject(db, "eu");
    await expect(keyring.sealerFor("no-such-subject")).rejects.toBeInstanceOf(UnknownSubjectError);
    const sealer = await keyring.sealerFor(subject);
    const same = Buffer.from("same plaintext");
    const sealed = sealer.seal(Array.from({ length: 20 }, (_, i) => ({ plaintext: same, aad: `r${i % 2}` })));
    sealer.close();
    const nonces = new Set(sealed.map((b) => Buffer.from(b.subarray(1, 13)).toString("hex")));
    expect(nonces.size).toBe(20);
    for (let i = 0; i < sealed.length; i++) expect(Buffer.from(await keyring.openFor(subject, sealed[i]!, `r${i % 2}`)).toString()).toBe("same plaintext");
    expect(() => sealer.seal([{ plaintext: same, aad: "r0" }])).toThrow(/after close/);
    await keyring.destroy(subject);
    await expect(keyring.sealerFor(subject)).rejects.toBeInstanceOf(KeyDestroyedError);
  });

  it("seals and opens many payloads with one key lookup", async (ctx) => {
    const db = database(ctx);
    const keyring = new DataKeyring({ db, kek });
    const subject = await createSubject(db, "eu");
    const items = Array.from({ length: 50 }, (_, i) => ({ plaintext: new Uint8Array(randomBytes(40)), aad: `r${i}` }));
    const sealed = await keyring.bind(db).sealAllFor(subject, items);
    const opened = await keyring.openAllFor(
      subject,
      sealed.map((s, i) => ({ sealed: s, aad: `r${i}` })),
    );
    expect(opened.map((o) => Buffer.from(o).toString("hex"))).toEqual(items.map((i) => Buffer.from(i.plaintext).toString("hex")));
  });
});
