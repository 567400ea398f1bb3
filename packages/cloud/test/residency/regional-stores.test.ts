import { band, home } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { KeyEncryptionKey, type Database, type DatabaseKind } from "../../src/index.js";
import { CrossRegionAccessError, RegionalStores, RegionNotServedError } from "../../src/residency/index.js";
import { findInTables } from "../services/raw-scan.js";
import { canaryRecord } from "../storage/canary-records.js";
import { closeEngine, ENGINES, openEngine } from "../storage/engines.js";

describe.each(ENGINES)("regional stores on %s", { timeout: 120_000 }, (engine: DatabaseKind) => {
  it("puts an EEA account's rows in the EEA store only, and a store refuses a subject of another region", async (ctx) => {
    const germany = await openEngine(engine, "res_de");
    const singapore = await openEngine(engine, "res_sg");
    if (!germany || !singapore) return ctx.skip();
    try {
      const stores = new RegionalStores({ databases: { germany: germany.db, singapore: singapore.db }, kek: KeyEncryptionKey.generate() });
      expect(stores.locations().sort()).toEqual(["germany", "singapore"]);
      const eea = await stores.createSubject("eu");
      const other = await stores.createSubject("br");
      expect(eea.startsWith("de_")).toBe(true);
      expect(other.startsWith("sg_")).toBe(true);

      const a = canaryRecord(band.AccountProfileRecordSchema, "a");
      const b = canaryRecord(home.PhoneInfoSchema, "b");
      await stores.of(eea).records(eea).insertBatch([a.record, b.record]);
      const markers = [...a.plainMarkers, ...b.plainMarkers];
      const inGermany = new Set((await findInTables(germany.db, markers)).map((h) => h.marker));
      expect(inGermany.size).toBe(markers.length);
      expect(await findInTables(singapore.db, [...markers, eea])).toEqual([]);
      const count = async (db: Database, subject: string) => (await db.query<{ n: number }>("select count(*)::int as n from subjects where subject_id = $1", [subject])).rows[0]!.n;
      expect([await count(germany.db, eea), await count(singapore.db, eea)]).toEqual([1, 0]);

      // A node serving Singapore may not read (or write) the EEA account's data.
      const sg = stores.at("singapore");
      expect(() => sg.records(eea)).toThrow(CrossRegionAccessError);
      try {
        sg.records(eea);
      } catch (err) {
        expect(err).toMatchObject({ code: "CROSS_REGION_ACCESS", subjectId: eea, storeLocation: "singapore", subjectLocation: "germany" });
      }
      expect(() => stores.at("germany").records(other)).toThrow(CrossRegionAccessError);
      // Read back where it lives.
      expect((await stores.at("germany").records(eea).get("a"))?.recordId).toBe("a");

      // A region no store serves, and an id that names no location.
      await expect(stores.createSubject("in")).rejects.toBeInstanceOf(RegionNotServedError);
      expect(() => stores.of("plain-uuid-without-location")).toThrow(RegionNotServedError);
      await expect(stores.createSubject("Not A Region")).rejects.toMatchObject({ name: "InvalidArgumentError" });
    } finally {
      await closeEngine(germany);
      await closeEngine(singapore);
    }
  });
});
