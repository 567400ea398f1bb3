/**
 * Length-prefixed framing of the subprocess transport, as the Protobuf
 * conformance suite does it: a 4-byte little-endian unsigned length N, then
 * N bytes of binary protobuf.
 */

/** Largest frame accepted by default: 64 MiB, far above any harness response, far below a garbage length. */
export const defaultMaxFrameBytes = 64 * 1024 * 1024;

/** Why a byte stream is not a sequence of frames. */
export type FramingErrorCode = "oversized" | "truncated";

/** A byte stream that is not a sequence of length-prefixed frames. */
export class FramingError extends Error {
  override readonly name = "FramingError";
  constructor(
    readonly code: FramingErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Prefixes `message` with its length (uint32, little-endian). */
export function encodeFrame(message: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + message.length);
  new DataView(out.buffer).setUint32(0, message.length, true);
  out.set(message, 4);
  return out;
}

/**
 * Splits a byte stream, arriving in arbitrary chunks, into frames. Keeps
 * chunks in a list and copies each frame once, so a large frame arriving in
 * many small chunks costs linear time.
 */
export class FrameDecoder {
  private chunks: Uint8Array[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes = defaultMaxFrameBytes) {}

  /** Bytes received that do not yet form a complete frame. */
  get pendingBytes(): number {
    return this.buffered;
  }

  /**
   * Adds a chunk and returns every frame it completes. Throws a
   * {@link FramingError} `oversized` as soon as a length prefix exceeds the
   * limit, without waiting for the bytes it announces.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: Uint8Array[] = [];
    for (;;) {
      if (this.buffered < 4) return frames;
      const length = new DataView(this.peek(4).buffer).getUint32(0, true);
      if (length > this.maxFrameBytes) {
        throw new FramingError("oversized", `frame of ${length} bytes announced, limit ${this.maxFrameBytes}`);
      }
      if (this.buffered < 4 + length) return frames;
      this.take(4);
      frames.push(this.take(length));
    }
  }

  /** Declares the end of the stream; throws `truncated` when a frame was cut off. */
  end(): void {
    if (this.buffered > 0) {
      throw new FramingError("truncated", `stream ended ${this.buffered} bytes into an incomplete frame`);
    }
  }

  private peek(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    for (const c of this.chunks) {
      const part = c.subarray(0, n - filled);
      out.set(part, filled);
      filled += part.length;
      if (filled === n) break;
    }
    return out;
  }

  private take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0]!;
      const need = n - filled;
      if (c.length <= need) {
        out.set(c, filled);
        filled += c.length;
        this.chunks.shift();
      } else {
        out.set(c.subarray(0, need), filled);
        this.chunks[0] = c.subarray(need);
        filled = n;
      }
    }
    this.buffered -= n;
    return out;
  }
}
