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
  // Runs once per stored record: one pass, no allocation until a field is cut.
  let out: Uint8Array | undefined;
  let written = 0;
  let keptFrom = 0;
  let at = 0;
  while (at < bytes.length) {
    const start = at;
    const tag = readVarint(bytes, at);
    if (tag < 0) return undefined;
    at = varintEnd;
    const fieldNumber = Math.floor(tag / 8);
    if (fieldNumber < 1) return undefined;
    switch (tag % 8) {
      case 0:
        if (readVarint(bytes, at) < 0) return undefined;
        at = varintEnd;
        break;
      case 1:
        at += 8;
        break;
      case 2: {
        const length = readVarint(bytes, at);
        if (length < 0) return undefined;
        at = varintEnd + length;
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
    if (!fieldNumbers.has(fieldNumber)) continue;
    out ??= new Uint8Array(bytes.length);
    out.set(bytes.subarray(keptFrom, start), written);
    written += start - keptFrom;
    keptFrom = at;
  }
  if (!out) return { bytes, cut: false };
  out.set(bytes.subarray(keptFrom), written);
  written += bytes.length - keptFrom;
  return { bytes: out.subarray(0, written), cut: true };
}

/** Where the last {@link readVarint} ended (a module variable: this is synchronous and allocates nothing). */
let varintEnd = 0;

/**
 * The base-128 varint of at most 10 bytes at `at`, as a number (exact up to
 * 2^53, enough for tags and lengths), or -1 when it runs past the end or
 * goes on too long.
 */
function readVarint(bytes: Uint8Array, at: number): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (at + i >= bytes.length) return -1;
    const byte = bytes[at + i]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      varintEnd = at + i + 1;
      return value;
    }
    scale *= 128;
  }
  return -1;
}
