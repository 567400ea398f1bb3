import { MalformedFrameError } from "../errors/malformed-frame-error.js";
import { OversizedMessageError } from "../errors/oversized-message-error.js";
import type { Chunk } from "./chunk.js";

/** What one chunk did to the reassembler. */
export interface ReassemblyResult {
  /** The frame this chunk completed. */
  readonly frame?: Uint8Array;
  /** A partial frame this chunk contradicted and replaced. */
  readonly discarded?: MalformedFrameError;
}

interface PartialFrame {
  readonly count: number;
  readonly parts: (Uint8Array | undefined)[];
  received: number;
  bytes: number;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Puts chunks back into frames. Chunks of one frame may arrive in any order;
 * a few frames may be in flight at once (one partial frame per frame tag, at
 * most `maxPartialFrames`, the oldest evicted first, which is how a frame
 * whose chunk was lost goes away). Memory is bounded by
 * `maxPartialFrames * maxFrameBytes`.
 */
export class Reassembler {
  private readonly partials = new Map<number, PartialFrame>();

  constructor(
    private readonly maxFrameBytes: number,
    private readonly maxPartialFrames = 4,
  ) {}

  /** Frames currently waiting for chunks. */
  get pending(): number {
    return this.partials.size;
  }

  /**
   * Adds a chunk; the result holds the frame bytes when it completes one.
   * When the chunk disagrees with the partial frame of its tag (another
   * count, other bytes at the same index), that partial frame is discarded
   * and restarted from this chunk, since the older one is the likelier to be
   * stale; `discarded` then says so. Throws OversizedMessageError when the
   * frame grows past the limit (the partial frame is dropped).
   */
  accept(chunk: Chunk): ReassemblyResult {
    let partial = this.partials.get(chunk.frameTag);
    let conflict = false;
    if (partial) {
      const existing = partial.parts[chunk.index];
      if (partial.count !== chunk.count || (existing && !sameBytes(existing, chunk.body))) {
        this.partials.delete(chunk.frameTag);
        partial = undefined;
        conflict = true;
      } else if (existing) {
        return {}; // A duplicate packet: nothing new.
      }
    }
    if (!partial) {
      if (this.partials.size >= this.maxPartialFrames) {
        const oldest = this.partials.keys().next().value as number;
        this.partials.delete(oldest);
      }
      partial = { count: chunk.count, parts: new Array(chunk.count), received: 0, bytes: 0 };
      this.partials.set(chunk.frameTag, partial);
    }
    if (partial.bytes + chunk.body.length > this.maxFrameBytes) {
      this.partials.delete(chunk.frameTag);
      throw new OversizedMessageError(partial.bytes + chunk.body.length, this.maxFrameBytes);
    }
    partial.parts[chunk.index] = chunk.body.slice();
    partial.received++;
    partial.bytes += chunk.body.length;
    const discarded = conflict ? new MalformedFrameError("CONFLICTING_CHUNK") : undefined;
    if (partial.received < partial.count) return { discarded };
    this.partials.delete(chunk.frameTag);
    const frame = new Uint8Array(partial.bytes);
    let offset = 0;
    for (const part of partial.parts) {
      frame.set(part!, offset);
      offset += part!.length;
    }
    return { frame, discarded };
  }

  /** Forgets every partial frame. */
  clear(): void {
    this.partials.clear();
  }
}
