// The at-rest guarantee, checked the hard way: store records of real product
// types, then read every column of every table back raw and make sure no
// value the pact stores field-encrypted appears in any readable form.
import { equals } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { createSubject, DataKeyring, KeyEncryptionKey, PairwiseIdentifiers, RecordStore, type Database } from "../../src/index.js";
import { CANARY_TYPES, canaryRecord, type CanaryRecord } from "./canary-records.js";
import { ENGINES, useEngine } from "./engines.js";

/** Every form in which a marker could sit in a column: raw, hex, base64 at each alignment. */
function forms(marker: string): string[] {
  const raw = Buffer.from(marker, "utf8");
  const out = [marker, raw.toString("hex"), raw.toString("hex").toUpperCase()];
  for (let shift = 0; shift < 3; shift++) {
    // A marker inside a longer base64 text: encode it after `shift` filler
    // bytes and drop the characters the filler and the end can change.
    const b64 = Buffer.concat([Buffer.alloc(shift), raw]).toString("base64");
    const start = Math.ceil((shift * 4) / 3) + 1;
    const stable = b64.slice(start, b64.length - 4);
    out.push(stable, stable.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return out;
}

/** A value as the haystacks to search: its text or bytes, and its base64/hex decodings when it is text. */
function haystacks(value: unknown): Buffer[] {
  if (value === null || value === undefined) return [];
  if (value instanceof Uint8Array) return [Buffer.from(value), Buffer.from(Buffer.from(value).toString("latin1"), "latin1")];
  if (value instanceof Date) return [Buffer.from(value.toISOString())];
  if (Array.isArray(value)) return value.flatMap(haystacks);
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const out = [Buffer.from(text, "utf8")];
  if (/^[A-Za-z0-9+/_=-]{8,}$/.test(text)) out.push(Buffer.from(text, "base64"));
  if (/^(\\x)?[0-9a-fA-F]{8,}$/.test(text)) out.push(Buffer.from(text.replace(/^\\x/, ""), "hex"));
  return out;
}

interface Finding {
  table: string;
  column: string;
  marker: string;
}

async function findMarkers(db: Database, markers: readonly string[]): Promise<Finding[]> {
  const { rows: tables } = await db.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name",
  );
  expect(tables.length).toBeGreaterThanOrEqual(13);
  const needles = markers.map((m) => ({ marker: m, forms: forms(m).map((f) => Buffer.from(f, "utf8")).concat([Buffer.from(m, "utf8")]) }));
  const found: Finding[] = [];
  for (const { table_name: table } of tables) {
    // Each column as the driver returns it, and each whole row as the server's text form.
    const { rows } = await db.query<Record<string, unknown>>(`select t.*, t::text as "__row_text" from ${table} t`);
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        for (const hay of haystacks(value)) {
          for (const n of needles) if (n.forms.some((f) => hay.includes(f))) found.push({ table, column, marker: n.marker });
        }
      }
    }
  }
  return found;
}

describe.each(ENGINES)("raw rows on %s", { timeout: 120_000 }, (engine) => {
  const database = useEngine(engine, "rawrows");

  it("hold no field-encrypted value in plain text, hex or base64, while plain fields sit in payload_plain", async (ctx) => {
    const db = database(ctx);
    const keyring = new DataKeyring({ db, kek: KeyEncryptionKey.generate() });
    const store = new RecordStore({ db, keyring });
    const pairwise = new PairwiseIdentifiers({ db, secret: new Uint8Array(32).fill(7) });
    await pairwise.registerManufacturer("maker-a", "Maker A");

    const subjects = [await createSubject(db, "eu"), await createSubject(db, "sg")];
    const written: { subject: string; canary: CanaryRecord }[] = [];
    for (const subject of subjects) {
      await pairwise.pairwiseIdFor(subject, "maker-a");
      const batch = CANARY_TYPES.map((schema, i) => canaryRecord(schema, `rec-${i}`, { deviceId: `device-${i}` }));
      const result = await store.insertBatch(subject, batch.map((c) => c.record));
      expect(result.insertedIds).toHaveLength(CANARY_TYPES.length);
      for (const canary of batch) written.push({ subject, canary });
    }
    const sealed = written.flatMap((w) => w.canary.sealedCanaries);
    const plain = written.flatMap((w) => w.canary.plainMarkers);
    expect(sealed.length).toBeGreaterThan(20);
    expect(plain.length).toBeGreaterThan(10);

    const findings = await findMarkers(db, [...sealed, ...plain]);
    const leaks = findings.filter((f) => f.marker.startsWith("SEALED"));
    expect(leaks).toEqual([]);
    // The scanner does find what is there: every plain marker, in payload_plain (and the row text).
    const plainFound = new Set(findings.filter((f) => f.column === "payload_plain").map((f) => f.marker));
    expect(plain.filter((m) => !plainFound.has(m))).toEqual([]);
    expect(findings.filter((f) => f.marker.startsWith("PLAIN")).every((f) => f.table === "records" && ["payload_plain", "__row_text"].includes(f.column))).toBe(true);

    // Every record with a sealed marker has a sealed payload, and reads back whole.
    const { rows } = await db.query<{ subject_id: string; record_id: string; sealed: boolean }>(
      "select subject_id, record_id, payload_sealed is not null as sealed from records",
    );
    for (const { subject, canary } of written) {
      const row = rows.find((r) => r.subject_id === subject && r.record_id === canary.record.recordId)!;
      expect(row.sealed).toBe(canary.sealedCanaries.length > 0);
      const back = await store.get(subject, canary.record.recordId);
      expect(equals(canary.record.schema, back!.message as never, canary.stored as never)).toBe(true);
    }
  });
});
