import { describe, expect, it } from "vitest";
import { createSubject, findSubject, InvalidArgumentError } from "../../src/index.js";
import { ENGINES, useEngine } from "../storage/engines.js";

describe.each(ENGINES)("subjects on %s", { timeout: 60_000 }, (engine) => {
  const database = useEngine(engine, "subjects");

  it("creates subjects with random ids in their region", async (ctx) => {
    const db = database(ctx);
    const ids = await Promise.all(Array.from({ length: 20 }, () => createSubject(db, "eu")));
    expect(new Set(ids).size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const found = await findSubject(db, ids[0]!);
    expect(found).toMatchObject({ subjectId: ids[0], region: "eu" });
    expect(found!.createdAt).toBeInstanceOf(Date);
    expect(await findSubject(db, "nobody")).toBeUndefined();
  });

  it("refuses a malformed region with a typed error and creates nothing", async (ctx) => {
    const db = database(ctx);
    const count = async () => (await db.query<{ n: number }>("select count(*)::int as n from subjects")).rows[0]!.n;
    const before = await count();
    for (const region of ["", "EU", "e", "eu;drop table subjects", 7, null]) {
      await expect(createSubject(db, region as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(await count()).toBe(before);
    expect(await createSubject(db, "us-east")).toBeTruthy();
  });
});
