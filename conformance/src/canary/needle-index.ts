import { minNeedleBytes, type Needle } from "./canary-needles.js";

const WINDOW = minNeedleBytes;
const BASE = 257;
/** BASE^(WINDOW-1) mod 2^32, to remove the byte leaving the window. */
const OUT_FACTOR = (() => {
  let f = 1;
  for (let i = 0; i < WINDOW - 1; i++) f = Math.imul(f, BASE) >>> 0;
  return f;
})();

function windowHash(bytes: Uint8Array, start: number): number {
  let h = 0;
  for (let i = start; i < start + WINDOW; i++) h = (Math.imul(h, BASE) + bytes[i]!) >>> 0;
  return h;
}

/** Where a needle was found. */
export interface NeedleMatch {
  readonly needle: Needle;
  /** Offset of the first byte of the match. */
  readonly offset: number;
}

/**
 * Finds many needles in one pass over a haystack (Rabin-Karp over the
 * needles' last 8 bytes, each candidate verified byte for byte), so the cost
 * grows with the haystack, not with haystack times canaries.
 */
export class NeedleIndex {
  private readonly byTailHash = new Map<number, Needle[]>();

  constructor(needles: Iterable<Needle>) {
    for (const n of needles) {
      const h = windowHash(n.bytes, n.bytes.length - WINDOW);
      const list = this.byTailHash.get(h);
      if (list) list.push(n);
      else this.byTailHash.set(h, [n]);
    }
  }

  /** Whether the index holds no needle at all. */
  get empty(): boolean {
    return this.byTailHash.size === 0;
  }

  /** Every occurrence of every needle in `haystack`. */
  search(haystack: Uint8Array): NeedleMatch[] {
    const matches: NeedleMatch[] = [];
    if (haystack.length < WINDOW || this.empty) return matches;
    let h = windowHash(haystack, 0);
    for (let end = WINDOW; ; end++) {
      const candidates = this.byTailHash.get(h);
      if (candidates) for (const n of candidates) if (endsWith(haystack, end, n)) matches.push({ needle: n, offset: end - n.bytes.length });
      if (end === haystack.length) break;
      h = (Math.imul((h - Math.imul(haystack[end - WINDOW]!, OUT_FACTOR)) >>> 0, BASE) + haystack[end]!) >>> 0;
    }
    return matches;
  }
}

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}

function endsWith(haystack: Uint8Array, end: number, needle: Needle): boolean {
  const start = end - needle.bytes.length;
  if (start < 0) return false;
  for (let i = 0; i < needle.bytes.length; i++) if (haystack[start + i] !== needle.bytes[i]) return false;
  if (needle.digitBounded && (isDigit(haystack[start - 1]) || isDigit(haystack[end]))) return false;
  return true;
}
