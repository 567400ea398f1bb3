import { createRegistry, fromBinary, type DescMessage, type Message, type Registry } from "@bufbuild/protobuf";
import { pactFiles, type cloud, type DataUseStatement, type Hop, type Tier } from "@datapact/proto";
import type { ConsentState } from "./consent/consent-state.js";
import { StatementError } from "./errors/statement-error.js";
import { UnknownMessageTypeError } from "./errors/unknown-message-type-error.js";
import { forHop, forStorage, type ProjectionOptions } from "./enforcement/for-hop.js";
import { planFor, type MessagePlan } from "./plan/message-plan.js";
import { validateStatement } from "./statement/validate-statement.js";

/** A record envelope that passed validation, decoded. */
export interface ValidatedRecord {
  readonly schema: DescMessage;
  readonly message: Message;
  readonly statement: DataUseStatement;
}

/**
 * The policy engine bound to a registry of message types, so callers can
 * hand it messages (which carry their `$typeName`) or envelopes without
 * their descriptors.
 */
export interface Policy {
  readonly registry: Registry;
  /** The schema of a message type; throws UnknownMessageTypeError. */
  schemaOf(typeName: string): DescMessage;
  planOf(typeName: string): MessagePlan;
  /** {@link forHop} for a message of any registered type. */
  forHop<T extends Message>(message: T, hop: Hop, consent: ConsentState, options?: ProjectionOptions): T;
  /** {@link forStorage} for a message of any registered type. */
  forStorage<T extends Message>(message: T, tier: Tier, options?: ProjectionOptions & { consent?: ConsentState }): T;
  /** {@link validateStatement} for a message of any registered type. */
  validateStatement(message: Message, statement: DataUseStatement | undefined): void;
  /**
   * Decodes an envelope's payload as the type its statement names and
   * validates the statement against it. Throws StatementError (missing
   * statement, undecodable payload, claims beyond the schema),
   * UnknownMessageTypeError or ThirdPartyDirectValueError.
   */
  validateRecord(record: cloud.Record): ValidatedRecord;
}

/** A policy over the given registry; by default every file of the pact. */
export function createPolicy(registry: Registry = createRegistry(...pactFiles)): Policy {
  const schemaOf = (typeName: string): DescMessage => {
    const schema = registry.getMessage(typeName);
    if (!schema) throw new UnknownMessageTypeError(typeName);
    return schema;
  };
  return {
    registry,
    schemaOf,
    planOf: (typeName) => planFor(schemaOf(typeName)),
    forHop: (message, hop, consent, options) => forHop(schemaOf(message.$typeName), message, hop, consent, options) as typeof message,
    forStorage: (message, tier, options) => forStorage(schemaOf(message.$typeName), message, tier, options) as typeof message,
    validateStatement: (message, statement) => validateStatement(schemaOf(message.$typeName), message, statement),
    validateRecord(record) {
      const statement = record.statement;
      if (!statement) throw new StatementError("MISSING_STATEMENT", "", "the record carries no DataUseStatement");
      const schema = schemaOf(statement.messageType);
      let message: Message;
      try {
        message = fromBinary(schema, record.payload);
      } catch {
        // The decoder's message can quote payload bytes; say only what failed.
        throw new StatementError("MESSAGE_TYPE_MISMATCH", schema.typeName, "the payload does not decode as the stated type");
      }
      validateStatement(schema, message, statement);
      return { schema, message, statement };
    },
  };
}
