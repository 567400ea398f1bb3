import { randomBytes } from "node:crypto";
import { replayable } from "@datapact/arbitrary";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createSubject,
  derivePairwiseId,
  InvalidArgumentError,
  KeyMaterialError,
  PairwiseIdentifiers,
  UnknownManufacturerError,
  UnknownSubjectError,
} from "../../src/index.js";
import { ENGINES, useEngine } from "../storage/engines.js";

const secret = new Uint8Array(randomBytes(32));

describe("pairwise id derivation", () => {
  it("is stable, and unlinkable across manufacturers, subjects and secrets (property)", () => {
    const params = replayable("pairwise ids: derivation unlinkable", 300);
    const id = fc.string({ minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(id, id, id, fc.nat({ max: 5 }), (subject, m1, m2, generation) => {
        fc.pre(m1 !== m2);
        const a = derivePairwiseId(secret, subject, m1, generation);
        const b = derivePairwiseId(secret, subject, m2, generation);
        expect(a).toBe(derivePairwiseId(secret, subject, m1, generation));
        expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(a).not.toBe(b);
        expect(a).not.toBe(derivePairwiseId(secret, subject, m1, generation + 1));
        expect(a).not.toBe(derivePairwiseId(new Uint8Array(32).fill(1), subject, m1, generation));
        // Field boundaries are unambiguous: moving characters between parts changes the id.
        expect(derivePairwiseId(secret, subject + m1, "", generation)).not.toBe(derivePairwiseId(secret, subject, m1, generation));
        if (subject.length >= 4) expect(a).not.toContain(subject);
      }),
      params,
    );
  });
});

describe.each(ENGINES)("PairwiseIdentifiers on %s", { timeout: 120_000 }, (engine) => {
  const database = useEngine(engine, "pairwise");

  async function setup(db: ReturnType<typeof database>) {
    const ids = new PairwiseIdentifiers({ db, secret });
    await ids.registerManufacturer("maker-a", "Maker A");
    await ids.registerManufacturer("maker-b", "Maker B");
    return ids;
  }

  it("gives two manufacturers unlinkable ids that each resolve only for their own manufacturer (property)", async (ctx) => {
    const db = database(ctx);
    const ids = await setup(db);
    const params = replayable(`pairwise ids on ${engine}: unlinkable per manufacturer`, 15);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), async (subjectCount) => {
        const subjects = await Promise.all(Array.from({ length: subjectCount }, () => createSubject(db, "eu")));
        const atA = await Promise.all(subjects.map((s) => ids.pairwiseIdFor(s, "maker-a")));
        const atB = await Promise.all(subjects.map((s) => ids.pairwiseIdFor(s, "maker-b")));
        expect(new Set([...atA, ...atB]).size).toBe(2 * subjectCount);
        for (let i = 0; i < subjectCount; i++) {
          expect(atA[i]).not.toContain(subjects[i]);
          expect(await ids.pairwiseIdFor(subjects[i]!, "maker-a")).toBe(atA[i]);
          expect(await ids.resolvePairwise("maker-a", atA[i]!)).toBe(subjects[i]);
          expect(await ids.resolvePairwise("maker-b", atB[i]!)).toBe(subjects[i]);
          expect(await ids.resolvePairwise("maker-b", atA[i]!)).toBeUndefined();
          expect(await ids.resolvePairwise("maker-a", atB[i]!)).toBeUndefined();
        }
      }),
      params,
    );
  });

  it("revokes: a revoked id stops resolving and a new authorisation gets a new id", async (ctx) => {
    const db = database(ctx);
    const ids = await setup(db);
    const subject = await createSubject(db, "eu");
    const a1 = await ids.pairwiseIdFor(subject, "maker-a");
    const b1 = await ids.pairwiseIdFor(subject, "maker-b");
    expect((await ids.authorizationsOf(subject)).map((x) => x.manufacturerId)).toEqual(["maker-a", "maker-b"]);
    expect(await ids.revokeFor(subject, "maker-a")).toBe(true);
    expect(await ids.revokeFor(subject, "maker-a")).toBe(false);
    expect(await ids.resolvePairwise("maker-a", a1)).toBeUndefined();
    expect(await ids.resolvePairwise("maker-b", b1)).toBe(subject);
    const a2 = await ids.pairwiseIdFor(subject, "maker-a");
    expect(a2).not.toBe(a1);
    expect(await ids.resolvePairwise("maker-a", a2)).toBe(subject);
    expect(await ids.revokeAllFor(subject)).toBe(2);
    expect(await ids.resolvePairwise("maker-a", a2)).toBeUndefined();
    expect(await ids.resolvePairwise("maker-b", b1)).toBeUndefined();
    expect(await ids.authorizationsOf(subject)).toEqual([]);
  });

  it("agrees on one id when asked concurrently, from several instances", async (ctx) => {
    const db = database(ctx);
    await setup(db);
    const subject = await createSubject(db, "eu");
    const instances = Array.from({ length: 5 }, () => new PairwiseIdentifiers({ db, secret }));
    const got = await Promise.all(instances.map((i) => i.pairwiseIdFor(subject, "maker-a")));
    expect(new Set(got).size).toBe(1);
    const { rows } = await db.query<{ n: number }>("select count(*)::int as n from pairwise_ids where subject_id = $1", [subject]);
    expect(rows[0]!.n).toBe(1);
  });

  it("refuses unknown subjects and manufacturers and bad input with typed errors, storing nothing", async (ctx) => {
    const db = database(ctx);
    const ids = await setup(db);
    const count = async () => (await db.query<{ n: number }>("select count(*)::int as n from pairwise_ids")).rows[0]!.n;
    const before = await count();
    const subject = await createSubject(db, "eu");
    await expect(ids.pairwiseIdFor("nobody", "maker-a")).rejects.toBeInstanceOf(UnknownSubjectError);
    await expect(ids.pairwiseIdFor(subject, "maker-z")).rejects.toBeInstanceOf(UnknownManufacturerError);
    await expect(ids.pairwiseIdFor(subject, 5 as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(ids.resolvePairwise("maker-a", "" as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(ids.registerManufacturer("maker-c", "")).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await ids.resolvePairwise("maker-a", "made-up-id")).toBeUndefined();
    expect(await count()).toBe(before);
    expect(() => new PairwiseIdentifiers({ db, secret: new Uint8Array(16) })).toThrow(KeyMaterialError);
  });
});
