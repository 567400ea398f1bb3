import { ReplayedFrameError } from "../errors/replayed-frame-error.js";

/**
 * The receive side of a direction's sequence numbers: strictly increasing.
 * A frame at or below the last accepted number is a replay or arrived out
 * of order, and is refused. Gaps are allowed (lost frames). The counter only
 * moves for frames that authenticated, so forged frames cannot push it.
 */
export class ReceiveSequence {
  private last = 0;

  /** The last sequence number accepted; 0 before any. */
  get lastAccepted(): number {
    return this.last;
  }

  /** Throws ReplayedFrameError unless `sequence` is above the last accepted. */
  check(sequence: number): void {
    if (sequence <= this.last) throw new ReplayedFrameError(sequence, this.last);
  }

  /** Records an authenticated frame. */
  accept(sequence: number): void {
    this.last = sequence;
  }
}
