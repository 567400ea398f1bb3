import { toBinary, type DescMessage, type Message } from "@bufbuild/protobuf";
import { atRestSealing, forStorage, partitionAtRest, planFor, ThirdPartyDirectValueError } from "@datapact/policy";
import { DataUseStatementSchema, Tier, type DataUseStatement } from "@datapact/proto";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";
import { checkedDate } from "../validation/checked-date.js";
import { checkMessageValues } from "../validation/checked-message-values.js";
import { hasIngestedMessage } from "../validation/ingested-message.js";
import { checkedId } from "../validation/checked-id.js";
import type { RecordToStore } from "./record-to-store.js";
import { withoutTopLevelFields } from "./top-level-fields.js";

/** A record checked, projected and encoded, ready to become a row (sealing aside). */
export interface PreparedRecord {
  readonly recordId: string;
  readonly productId: string;
  readonly messageType: string;
  readonly deviceId: string | null;
  readonly payloadPlain: Uint8Array;
  /** The full stored message's bytes, to be sealed; undefined when nothing is stored encrypted. */
  readonly payloadToSeal: Uint8Array | undefined;
  readonly statement: Uint8Array;
  readonly purposes: readonly number[];
  readonly qualifier: number;
  readonly collectedAt: Date;
  readonly expiresAt: Date | undefined;
}

/**
 * Encodings of the statements of one batch, by content: a batch carries a
 * few distinct statements (one per type and consent) over hundreds of
 * records, and encoding each copy again is a large share of storing it.
 * Looked up by message type, then compared field by field: building a
 * string key per record cost about a microsecond, more than the rest.
 */
export class StatementEncodings {
  private readonly byType = new Map<string, { readonly statement: DataUseStatement; readonly bytes: Uint8Array }[]>();

  /** The statement's bytes; throws whatever toBinary throws. */
  encode(statement: DataUseStatement): Uint8Array {
    // A statement with unknown fields is encoded as is, never shared.
    if (statement.$unknown !== undefined && statement.$unknown.length > 0) return toBinary(DataUseStatementSchema, statement);
    let known = this.byType.get(statement.messageType);
    if (!known) {
      known = [];
      this.byType.set(statement.messageType, known);
    }
    for (const entry of known) if (sameStatement(entry.statement, statement)) return entry.bytes;
    const bytes = toBinary(DataUseStatementSchema, statement);
    // A copy: the caller's object could change after it was encoded.
    known.push({ statement: { ...statement, purposes: [...statement.purposes] }, bytes });
    return bytes;
  }
}

/**
 * Whether two statements have equal fields, every field of
 * DataUseStatement (a test fails when the message gains a field this does
 * not compare).
 */
export function sameStatement(a: DataUseStatement, b: DataUseStatement): boolean {
  if (
    a.qualifier !== b.qualifier ||
    a.policyVersion !== b.policyVersion ||
    a.consentReceiptId !== b.consentReceiptId ||
    a.productId !== b.productId ||
    a.messageType !== b.messageType ||
    a.purposes.length !== b.purposes.length
  ) {
    return false;
  }
  for (let i = 0; i < a.purposes.length; i++) if (a.purposes[i] !== b.purposes[i]) return false;
  return true;
}

/** Field names {@link sameStatement} compares. */
export const COMPARED_STATEMENT_FIELDS: readonly string[] = ["qualifier", "purposes", "policyVersion", "consentReceiptId", "productId", "messageType"];

/** The AAD a record's sealed payload is bound to: its type and id (the keyring adds the subject). */
export function sealedPayloadContext(messageType: string, recordId: string): string {
  return `record\0${messageType}\0${recordId}`;
}

function isDescMessage(value: unknown): value is DescMessage {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "message" && typeof (value as { typeName?: unknown }).typeName === "string";
}

function isMessageOf(value: unknown, typeName: string): value is Message {
  return typeof value === "object" && value !== null && (value as { $typeName?: unknown }).$typeName === typeName;
}

/** A stored message's two payloads: what may be written in the clear, and the whole message to seal. */
export interface AtRestPayloads {
  readonly payloadPlain: Uint8Array;
  /** The full message's bytes when it sets a leaf stored field-encrypted at the cloud; undefined otherwise. */
  readonly payloadToSeal: Uint8Array | undefined;
}

/**
 * The payloads of a message projected for storage at the cloud: the plain
 * copy partitionAtRest gives, encoded, and the full message when anything
 * of it is sealed. Where the pact seals only fields of the message itself
 * (most types), the full message is encoded once and the plain bytes are
 * cut out of it, which gives the same bytes as encoding the plain copy
 * (tested) for a third of the work; types with sealed leaves in held
 * messages take the partition. Throws whatever toBinary or partitionAtRest
 * throws.
 */
export function atRestPayloads(schema: DescMessage, stored: Message): AtRestPayloads {
  const sealing = atRestSealing(schema, Tier.CLOUD);
  if (sealing.topLevel.size === 0 && !sealing.belowTopLevel) return { payloadPlain: toBinary(schema, stored), payloadToSeal: undefined };
  if (!sealing.belowTopLevel) {
    const full = toBinary(schema, stored);
    const plain = withoutTopLevelFields(full, sealing.topLevel);
    if (plain) return { payloadPlain: plain.bytes, payloadToSeal: plain.cut ? full : undefined };
  }
  const { plain, hasSealed } = partitionAtRest(schema, stored, Tier.CLOUD);
  return { payloadPlain: toBinary(schema, plain), payloadToSeal: hasSealed ? toBinary(schema, stored) : undefined };
}

/**
 * Checks one record for insertBatch and turns it into row values. Throws
 * InvalidArgumentError naming `argument` and the field at fault, and lets
 * the policy's ThirdPartyDirectValueError through. Pure: touches no
 * database, so a bad record in a batch fails it before anything is written.
 */
export function prepareRecord(record: RecordToStore, argument: string, statements?: StatementEncodings): PreparedRecord {
  if (typeof record !== "object" || record === null) throw new InvalidArgumentError(argument, "must be an object");
  const recordId = checkedId(record.recordId, `${argument}.recordId`);
  const schema = record.schema;
  if (!isDescMessage(schema)) throw new InvalidArgumentError(`${argument}.schema`, "must be a message descriptor");
  const ingested = hasIngestedMessage(record);
  if (!ingested) checkMessageValues(schema, record.message, `${argument}.message`);
  const statement = record.statement;
  if (!isMessageOf(statement, DataUseStatementSchema.typeName)) throw new InvalidArgumentError(`${argument}.statement`, "must be a DataUseStatement");
  if (statement.messageType !== schema.typeName) throw new InvalidArgumentError(`${argument}.statement.messageType`, "must name the record's message type");
  const plan = planFor(schema);
  if (statement.productId !== plan.productId) throw new InvalidArgumentError(`${argument}.statement.productId`, "must name the product that declares the message type");
  const deviceId = record.deviceId === undefined || record.deviceId === "" ? null : checkedId(record.deviceId, `${argument}.deviceId`);
  const collectedAt = checkedDate(record.collectedAt, `${argument}.collectedAt`);
  const expiresAt = record.expiresAt === undefined ? undefined : checkedDate(record.expiresAt, `${argument}.expiresAt`);
  checkMessageValues(DataUseStatementSchema, statement, `${argument}.statement`);

  // Projection is idempotent: re-applying it means a caller's slip can
  // never put a display-only, device-only or not-stored value in a row.
  // The ingest path's own records were projected for storage just now.
  const stored = ingested ? record.message : forStorage(schema, record.message, Tier.CLOUD);
  let payloads: AtRestPayloads;
  let statementBytes: Uint8Array;
  try {
    payloads = atRestPayloads(schema, stored);
  } catch (err) {
    if (err instanceof ThirdPartyDirectValueError) throw err;
    // Values were checked above; the encoder's own message could quote one.
    throw new InvalidArgumentError(`${argument}.message`, "does not encode as its schema");
  }
  const { payloadPlain, payloadToSeal } = payloads;
  try {
    statementBytes = statements ? statements.encode(statement) : toBinary(DataUseStatementSchema, statement);
  } catch {
    throw new InvalidArgumentError(`${argument}.statement`, "does not encode as a DataUseStatement");
  }
  return {
    recordId,
    productId: plan.productId,
    messageType: schema.typeName,
    deviceId,
    payloadPlain,
    payloadToSeal,
    statement: statementBytes,
    purposes: [...statement.purposes],
    qualifier: statement.qualifier,
    collectedAt,
    expiresAt,
  };
}
