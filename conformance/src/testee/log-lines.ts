/**
 * Splits a byte stream (a testee's stderr) into lines, keeping at most
 * `maxBytes` of unread lines so that a chatty testee cannot exhaust memory;
 * lines past the limit are counted, not kept.
 */
export class LogLines {
  private partial = "";
  private lines: string[] = [];
  private bytes = 0;
  private droppedLines = 0;
  private readonly decoder = new TextDecoder();

  constructor(private readonly maxBytes = 16 * 1024 * 1024) {}

  /** Adds a chunk of output. */
  push(chunk: Uint8Array): void {
    const text = this.partial + this.decoder.decode(chunk, { stream: true });
    const parts = text.split("\n");
    this.partial = parts.pop() ?? "";
    for (const line of parts) this.keep(line.endsWith("\r") ? line.slice(0, -1) : line);
  }

  /** Flushes an unterminated last line. */
  end(): void {
    const rest = this.partial + this.decoder.decode();
    this.partial = "";
    if (rest !== "") this.keep(rest);
  }

  /** The lines kept since the last call. */
  take(): string[] {
    const out = this.lines;
    this.lines = [];
    this.bytes = 0;
    return out;
  }

  /** Lines not kept because the limit was reached. */
  get dropped(): number {
    return this.droppedLines;
  }

  private keep(line: string): void {
    if (this.bytes + line.length > this.maxBytes) {
      this.droppedLines++;
      return;
    }
    this.bytes += line.length;
    this.lines.push(line);
  }
}
