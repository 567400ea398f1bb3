/**
 * The encoding of a message without the fields numbered in `fieldNumbers`
 * at its top level (every occurrence), cut out of `bytes`, its encoding,
 * with the other fields' bytes in their order; and whether anything was
 * cut. Undefined when `bytes` is not a well-formed sequence of fields this
 * can walk (groups included): the caller then encodes instead. Never
 * throws.
 *
 * For an encoding protobuf-es wrote, the result is exactly what it writes
 * for the message with those fields cleared: it writes field by field, and
 * removing some changes nothing in the others.
 */
export function withoutTopLevelFields(bytes: Uint8Array, fieldNumbers: ReadonlySet<number>): { readonly bytes: Uint8Array; readonly cut: boolean } | undefined {
  const kept: [start: number, end: number][] = [];
  let keptLength = 0;
  let cut = false;
  let at = 0;
  while (at < bytes.length) {
    const start = at;
    const tag = readVarint(bytes, at);
    if (tag === undefined) return undefined;
    at = tag.next;
    const fieldNumber = Math.floor(tag.value / 8);
    if (fieldNumber < 1) return undefined;
    switch (tag.value % 8) {
      case 0: {
        const value = readVarint(bytes, at);
        if (value === undefined) return undefined;
        at = value.next;
        break;
      }
      case 1:
        at += 8;
        break;
      case 2: {
        const length = readVarint(bytes, at);
        if (length === undefined) return undefined;
        at = length.next + length.value;
        break;
      }
      case 5:
        at += 4;
        break;
      default:
        // Groups (3, 4) and wire types that do not exist.
        return undefined;
    }
    if (at > bytes.length) return undefined;
    if (fieldNumbers.has(fieldNumber)) {
      cut = true;
      continue;
    }
    // Adjacent kept fields make one span.
    const last = kept[kept.length - 1];
    if (last && last[1] === start) last[1] = at;
    else kept.push([start, at]);
    keptLength += at - start;
  }
  if (!cut) return { bytes, cut };
  const out = new Uint8Array(keptLength);
  let written = 0;
  for (const [start, end] of kept) {
    out.set(bytes.subarray(start, end), written);
    written += end - start;
  }
  return { bytes: out, cut };
}

/** A base-128 varint of at most 10 bytes at `at`, as a number (exact up to 2^53, enough for tags and lengths). */
function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (at + i >= bytes.length) return undefined;
    const byte = bytes[at + i]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return { value, next: at + i + 1 };
    scale *= 128;
  }
  return undefined;
}
