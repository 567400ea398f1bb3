import { configureTextEncoding, getTextEncoding } from "@bufbuild/protobuf/wire";

/** Longest string the fast path takes: beyond it TextEncoder's own cost per call no longer dominates. */
const FAST_PATH_MAX_LENGTH = 64;

const INSTALLED = Symbol.for("@datapact/cloud/ascii-text-encoding");

type TextEncoding = ReturnType<typeof getTextEncoding>;

/**
 * UTF-8 of `text` as `fallback` would write it, without calling `fallback`
 * for a short ASCII string: such a string's UTF-8 is its code units.
 * Anything else (longer, or with a code unit above 0x7f, lone surrogates
 * included) goes to `fallback`, so the bytes are always the same.
 */
export function encodeUtf8WithAsciiFastPath(text: string, fallback: (text: string) => Uint8Array): Uint8Array {
  const length = text.length;
  if (length > FAST_PATH_MAX_LENGTH) return fallback(text);
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 0x7f) return fallback(text);
    bytes[i] = unit;
  }
  return bytes;
}

/**
 * Makes protobuf-es encode short ASCII strings without TextEncoder, keeping
 * whatever text encoding was configured for everything else. protobuf-es
 * calls TextEncoder.encode once per string field, and on Node 20 that call
 * costs about six times what copying the code units does for the ids,
 * names and codes records are made of: a measurable share of storing a
 * record. The bytes written are the same either way (tested), so other
 * users of protobuf-es in the process see no difference. Process-wide and
 * idempotent; the cloud server installs it when it starts.
 */
export function installAsciiTextEncoding(): void {
  const current = getTextEncoding() as TextEncoding & { [INSTALLED]?: true };
  if (current[INSTALLED]) return;
  const fallback = current.encodeUtf8.bind(current);
  configureTextEncoding({
    encodeUtf8: (text: string) => encodeUtf8WithAsciiFastPath(text, fallback),
    decodeUtf8: current.decodeUtf8.bind(current),
    checkUtf8: current.checkUtf8.bind(current),
    [INSTALLED]: true,
  } as TextEncoding);
}
