import { createHash } from "node:crypto";
import type { DescFile, DescMessage } from "@bufbuild/protobuf";
import { TypeIdCollisionError } from "../errors/type-id-collision-error.js";

/** Bytes of a compact type id on the wire. */
export const TYPE_ID_BYTES = 4;

/**
 * The compact id of a message type: the first four bytes of SHA-256 of its
 * full name, big-endian. Both ends compute it from the name alone, so they
 * agree without a shared numbering, and a type keeps its id across schema
 * versions.
 */
export function messageTypeId(typeName: string): number {
  const digest = createHash("sha256").update(typeName).digest();
  return digest.readUInt32BE(0);
}

function* messagesOf(file: DescFile): Generator<DescMessage> {
  const stack = [...file.messages];
  while (stack.length > 0) {
    const m = stack.pop()!;
    if (!m.proto.options?.mapEntry) yield m;
    stack.push(...m.nestedMessages);
  }
}

/**
 * The message types a link may carry, by compact id. Both ends build it from
 * the same schemas; a type outside it is refused on send and on receipt.
 */
export class MessageCatalog {
  private readonly byId = new Map<number, DescMessage>();
  private readonly idByName = new Map<string, number>();

  /** Throws TypeIdCollisionError if two distinct types share an id. */
  constructor(schemas: Iterable<DescMessage>) {
    for (const schema of schemas) {
      const id = messageTypeId(schema.typeName);
      const existing = this.byId.get(id);
      if (existing && existing.typeName !== schema.typeName) throw new TypeIdCollisionError(id, [existing.typeName, schema.typeName]);
      this.byId.set(id, schema);
      this.idByName.set(schema.typeName, id);
    }
  }

  /** Every message type declared in `files` (nested ones included, map entries excluded). */
  static fromFiles(files: Iterable<DescFile>): MessageCatalog {
    const schemas: DescMessage[] = [];
    for (const f of files) schemas.push(...messagesOf(f));
    return new MessageCatalog(schemas);
  }

  /** This catalog plus `schemas`. */
  with(schemas: Iterable<DescMessage>): MessageCatalog {
    return new MessageCatalog([...this.byId.values(), ...schemas]);
  }

  /** The schema of a received id, or undefined. */
  schemaOf(typeId: number): DescMessage | undefined {
    return this.byId.get(typeId);
  }

  /** The id of a type, or undefined if it is not in the catalog. */
  idOf(typeName: string): number | undefined {
    return this.idByName.get(typeName);
  }

  get size(): number {
    return this.byId.size;
  }
}
