import type { DescField, DescMessage } from "@bufbuild/protobuf";
import { buildPath, pathToString, type PathBuilder } from "@bufbuild/protobuf/reflect";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import type { FieldDifference } from "./field-difference.js";

/** One field record on the wire: its number, wire type and raw bytes (tag excluded). */
interface WireRecord {
  readonly number: number;
  readonly wireType: WireType;
  readonly bytes: Uint8Array;
}

function recordsOf(bytes: Uint8Array): WireRecord[] {
  const reader = new BinaryReader(bytes);
  const records: WireRecord[] = [];
  while (reader.pos < reader.len) {
    const [number, wireType] = reader.tag();
    const start = reader.pos;
    if (wireType === WireType.LengthDelimited) {
      const payload = reader.bytes();
      records.push({ number, wireType, bytes: payload });
    } else {
      reader.skip(wireType, number);
      records.push({ number, wireType, bytes: bytes.subarray(start, reader.pos) });
    }
  }
  return records;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** The nested message a length-delimited record of `field` holds, when it holds one. */
function nestedMessage(field: DescField): DescMessage | undefined {
  if (field.fieldKind === "message") return field.message;
  if (field.fieldKind === "list" && field.listKind === "message") return field.message;
  return undefined;
}

/**
 * Where two encodings of the same message differ in form, field by field:
 * a field whose records have other wire types (packed against unpacked), a
 * different number of records, or other bytes in a record that is not a
 * nested message (a map entry written without its zero key, say); nested
 * messages are compared record by record. When every field's records agree
 * and the bytes still differ, the fields are in another order: reported for
 * the whole message (`field` undefined).
 *
 * Meant for encodings that decode to equal messages; on others it reports
 * whatever differs first in each field.
 */
export function wireFormDifferences(schema: DescMessage, expected: Uint8Array, actual: Uint8Array): FieldDifference[] {
  const found: FieldDifference[] = [];
  const visit = (message: DescMessage, path: PathBuilder, e: Uint8Array, a: Uint8Array) => {
    if (sameBytes(e, a)) return;
    const before = found.length;
    const er = recordsOf(e);
    const ar = recordsOf(a);
    const numbers = [...new Set([...er, ...ar].map((r) => r.number))];
    for (const number of numbers) {
      const field = message.fields.find((f) => f.number === number);
      const es = er.filter((r) => r.number === number);
      const as = ar.filter((r) => r.number === number);
      const at = field ? path.clone().field(field) : path;
      const report = () => found.push({ path: field ? pathToString(at.toPath()) : `${pathToString(path.toPath())}#${number}`, field, aspect: "wire-form" });
      if (es.length !== as.length || es.some((r, i) => r.wireType !== as[i].wireType)) {
        report();
        continue;
      }
      const nested = field && nestedMessage(field);
      for (let i = 0; i < es.length; i++) {
        if (sameBytes(es[i].bytes, as[i].bytes)) continue;
        if (nested && es[i].wireType === WireType.LengthDelimited) {
          visit(nested, field.fieldKind === "list" ? at.clone().list(i) : at, es[i].bytes, as[i].bytes);
        } else {
          report();
          break;
        }
      }
    }
    if (found.length === before) found.push({ path: pathToString(path.toPath()), field: undefined, aspect: "wire-form" });
  };
  visit(schema, buildPath(schema), expected, actual);
  return found;
}
