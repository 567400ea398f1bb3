import type { DescMessage, Message } from "@bufbuild/protobuf";

/** One thing put on the device's screen. */
export interface DisplayItem {
  readonly schema: DescMessage;
  readonly message: Message;
  readonly shownAt: Date;
}

/**
 * Where display-only data goes: the device's screen. A sink shows and
 * forgets; it must never persist what it is given (the pact's display-only
 * values are "only displayed on the device screen and not stored").
 */
export interface DisplaySink {
  show(item: DisplayItem): void;
  /** Takes everything off the screen. */
  clear(): void;
}
