import { create, fromBinary, toBinary, type DescMessage, type Message, type Registry } from "@bufbuild/protobuf";
import { createPolicy, planFor, PolicyError, setLeaves, StatementError, validateStatement } from "@datapact/policy";
import { cloud, DataUseStatementSchema, MessageRole, type DataUseStatement } from "@datapact/proto";
import { guardedFields } from "../canary/guarded-fields.js";
import type { Observation } from "../observe/observation.js";
import type { Invariant, ScenarioOutcome } from "../runner/invariant.js";
import type { Violation } from "../runner/violation.js";
import { dumpedColumnOf, dumpedRows } from "./support/dump-rows.js";
import { columnOf, observedExchanges, observedRows, type ObservedRow } from "./support/observed-groups.js";
import { scriptedThenExplored } from "./support/scripted-check.js";
import { consentTo, enableOffByDefaultFunctions, plantEveryMessage, syncNow } from "./support/user-actions.js";

const INGEST = "/datapact.cloud.v1.SyncService/Ingest";

/** A cell that is exactly a DataUseStatement of a data message of the pact (no unknown fields), or undefined. */
function statementIn(bytes: Uint8Array, registry: Registry): { statement: DataUseStatement; schema: DescMessage } | undefined {
  if (bytes.length === 0) return undefined;
  let statement: DataUseStatement;
  try {
    statement = fromBinary(DataUseStatementSchema, bytes, { readUnknownFields: false });
  } catch {
    return undefined;
  }
  const schema = registry.getMessage(statement.messageType);
  if (!schema || planFor(schema).role !== MessageRole.DATA) return undefined;
  // Bytes that merely happen to parse re-encode differently.
  if (!Buffer.from(toBinary(DataUseStatementSchema, statement)).equals(Buffer.from(bytes))) return undefined;
  return { statement, schema };
}

/** The messages of `schema` the row's other cells decode as, most values first, then the empty message. */
function payloadsIn(row: ObservedRow, except: Observation, schema: DescMessage): Message[] {
  const found: { message: Message; leaves: number }[] = [];
  for (const cell of row.cells) {
    if (cell === except || cell.bytes.length === 0) continue;
    try {
      const message = fromBinary(schema, cell.bytes, { readUnknownFields: false });
      found.push({ message, leaves: [...setLeaves(planFor(schema), message)].length });
    } catch {
      // Not this type (a sealed blob, text).
    }
  }
  found.sort((a, b) => b.leaves - a.leaves);
  return [...found.map((f) => f.message), create(schema)];
}

/** The first violation of each stored statement that fits none of its row's payloads. */
function storedViolations(rows: readonly ObservedRow[], registry: Registry, column: (cell: Observation) => string): Violation[] {
  const out: Violation[] = [];
  for (const row of rows) {
    for (const cell of row.cells) {
      const found = statementIn(cell.bytes, registry);
      if (!found) continue;
      let first: unknown;
      const fits = payloadsIn(row, cell, found.schema).some((payload) => {
        try {
          validateStatement(found.schema, payload, found.statement);
          return true;
        } catch (err) {
          first ??= err;
          return false;
        }
      });
      if (fits) continue;
      const why = first instanceof StatementError ? first.violation : first instanceof PolicyError ? first.code : "INVALID";
      out.push({
        fieldPath: column(cell),
        messageType: found.schema.typeName,
        sink: cell.sink,
        step: cell.step,
        message: `stored record's statement is not within its schema (${why}): found in ${cell.sink} ${row.row}`,
      });
    }
  }
  return out;
}

/** Every record sent to the cloud must pass validateRecord: a statement within its schema, no third-party-direct value. */
function sentViolations(observations: readonly Observation[], registry: Registry): Violation[] {
  const policy = createPolicy(registry);
  const out: Violation[] = [];
  for (const exchange of observedExchanges(observations)) {
    if (!exchange.label.endsWith(INGEST)) continue;
    for (const body of exchange.request) {
      let request: cloud.IngestRequest;
      try {
        request = fromBinary(cloud.IngestRequestSchema, body.bytes);
      } catch {
        continue;
      }
      request.records.forEach((record, i) => {
        try {
          policy.validateRecord(record);
        } catch (err) {
          const why = err instanceof StatementError ? err.violation : err instanceof PolicyError ? err.code : "UNDECODABLE";
          out.push({
            fieldPath: `records[${i}].statement`,
            messageType: record.statement?.messageType,
            sink: exchange.sink,
            step: body.step,
            message: `record sent with a statement outside its schema (${why}): found in ${exchange.sink} ${exchange.label}`,
          });
        }
      });
    }
  }
  return out;
}

/**
 * Every statement outside its schema among the observations: records sent
 * to the cloud's Ingest, and statements stored in the database (the kit's
 * own scan when there is one, else the testee's dump of its cloud).
 */
export function statementViolations(observations: readonly Observation[], registry: Registry): Violation[] {
  const scanned = observedRows(observations);
  const stored = scanned.length > 0 ? storedViolations(scanned, registry, columnOf) : storedViolations(dumpedRows(observations, "cloud-store"), registry, dumpedColumnOf);
  return [...sentViolations(observations, registry), ...stored];
}

function judgeWith(registry: Registry) {
  return ({ observations }: ScenarioOutcome): Violation[] => statementViolations(observations, registry);
}

/**
 * DP-STATEMENT-WITHIN-SCHEMA. Every record the cloud stores carries a
 * DataUseStatement within its schema: it names the record's type and
 * product, a policy version and the consent receipt it was collected under,
 * only purposes and qualifiers the schema declares, and no field of the
 * record serves none of its purposes or is more identifying than it says.
 * The kit reads the records from the database itself and validates each
 * statement with the policy engine; records crossing to the cloud are
 * checked the same way. Seed: 000 §2.3, §05; M001, M003.
 */
export const statementWithinSchema: Invariant = {
  id: "DP-STATEMENT-WITHIN-SCHEMA",
  title: "Every stored record carries a statement within its schema",
  statement:
    "Every record the implementation stores in its cloud, and every record it sends there, carries a DataUseStatement that validates against the record's schema: it names the record's type and product, a policy version and a consent receipt, states only purposes and qualifiers the schema declares, and every value it holds serves a stated purpose at no more than the stated qualifier.",
  source: "000 §2.3, §05 (processing limited to the stated purposes); M001, M003",
  check: (ctx) => {
    const judge = judgeWith(ctx.registry);
    return scriptedThenExplored(
      ctx,
      {
        async script(s, model) {
          await consentTo(s, model, ctx.products);
          await enableOffByDefaultFunctions(s, model, ctx.products);
          await plantEveryMessage(s, model, ctx.products, { guard: guardedFields.annotated, seed: ctx.seed });
          await syncNow(s, model);
        },
        judge,
      },
      () =>
        ctx.explore({
          guard: guardedFields.annotated,
          choices: ["emitDeviceFrame", "appRecord", "giveConsent", "withdrawConsent", "setFunction", "setUploadSwitch", "sync"],
          judge,
        }),
    );
  },
};

