import { BindingProofError } from "../errors/binding-proof-error.js";

/** Appends length-prefixed (u16) UTF-8 strings and fixed byte strings; the canonical form of binding messages. */
export class ByteFieldWriter {
  private readonly parts: Uint8Array[] = [];

  string(value: string): this {
    const bytes = Buffer.from(value, "utf8");
    if (bytes.length > 0xffff) throw new BindingProofError("INVALID_FIELD");
    this.parts.push(new Uint8Array([bytes.length >> 8, bytes.length & 0xff]), bytes);
    return this;
  }

  bytes(value: Uint8Array): this {
    this.parts.push(value);
    return this;
  }

  finish(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.parts));
  }
}

/** Reads what {@link ByteFieldWriter} wrote; any shortfall or leftover is BindingProofError(MALFORMED). */
export class ByteFieldReader {
  private offset = 0;

  constructor(private readonly data: Uint8Array) {}

  string(): string {
    if (this.offset + 2 > this.data.length) throw new BindingProofError("MALFORMED");
    const length = (this.data[this.offset]! << 8) | this.data[this.offset + 1]!;
    this.offset += 2;
    const bytes = this.bytes(length);
    const text = Buffer.from(bytes).toString("utf8");
    // Reject bytes that are not valid UTF-8: they would not survive a round trip.
    if (Buffer.byteLength(text, "utf8") !== length) throw new BindingProofError("MALFORMED");
    return text;
  }

  bytes(length: number): Uint8Array {
    if (this.offset + length > this.data.length) throw new BindingProofError("MALFORMED");
    const out = this.data.slice(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  byte(): number {
    return this.bytes(1)[0]!;
  }

  end(): void {
    if (this.offset !== this.data.length) throw new BindingProofError("MALFORMED");
  }
}
