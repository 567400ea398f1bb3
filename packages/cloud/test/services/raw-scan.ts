// Looks for values in every column of every table of a database, in every
// form a careless implementation could have written them: raw, hex (either
// case) and base64 (either alphabet, at each alignment).
import type { Database } from "../../src/index.js";

/** The forms a marker could take in a column. */
export function markerForms(marker: string): Buffer[] {
  const raw = Buffer.from(marker, "utf8");
  const out = [marker, raw.toString("hex"), raw.toString("hex").toUpperCase()];
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.concat([Buffer.alloc(shift), raw]).toString("base64");
    const stable = b64.slice(Math.ceil((shift * 4) / 3) + 1, b64.length - 4);
    if (stable.length >= 8) out.push(stable, stable.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return out.map((f) => Buffer.from(f, "utf8"));
}

function haystacks(value: unknown): Buffer[] {
  if (value === null || value === undefined) return [];
  if (value instanceof Uint8Array) return [Buffer.from(value)];
  if (value instanceof Date) return [Buffer.from(value.toISOString())];
  if (Array.isArray(value)) return value.flatMap(haystacks);
  return [Buffer.from(typeof value === "string" ? value : JSON.stringify(value), "utf8")];
}

/** Where markers were found: `table.column` per marker. */
export async function findInTables(db: Database, markers: readonly string[]): Promise<{ table: string; column: string; marker: string }[]> {
  const { rows: tables } = await db.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name",
  );
  const needles = markers.map((marker) => ({ marker, forms: markerForms(marker) }));
  const found: { table: string; column: string; marker: string }[] = [];
  for (const { table_name: table } of tables) {
    const { rows } = await db.query<Record<string, unknown>>(`select t.*, t::text as "__row_text" from ${table} t`);
    for (const row of rows)
      for (const [column, value] of Object.entries(row))
        for (const hay of haystacks(value)) for (const n of needles) if (n.forms.some((f) => hay.includes(f))) found.push({ table, column, marker: n.marker });
  }
  return found;
}

/** Markers found in a text (a log), in any of their forms. */
export function findInText(text: string, markers: readonly string[]): string[] {
  const hay = Buffer.from(text, "utf8");
  return markers.filter((m) => markerForms(m).some((f) => hay.includes(f)));
}
