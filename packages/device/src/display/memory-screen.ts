import type { DisplayItem, DisplaySink } from "./display-sink.js";

/**
 * A screen in memory: keeps the last few items shown, as a real screen
 * keeps what it draws, and nothing else. For tests and simulators.
 */
export class MemoryScreen implements DisplaySink {
  private shown: DisplayItem[] = [];

  constructor(private readonly capacity = 8) {}

  /** What is on the screen, oldest first. */
  get items(): readonly DisplayItem[] {
    return this.shown;
  }

  /** The item on top, if any. */
  get current(): DisplayItem | undefined {
    return this.shown[this.shown.length - 1];
  }

  show(item: DisplayItem): void {
    this.shown = [...this.shown, item].slice(-this.capacity);
  }

  clear(): void {
    this.shown = [];
  }
}
