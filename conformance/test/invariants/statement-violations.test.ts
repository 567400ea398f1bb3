// The statement check reads bytes it does not control: every cell of the
// testee's tables and every Ingest body. It must never throw on them, never
// take random bytes for a statement, accept an honest stored record, and
// name the column, sink and step of a statement outside its schema.
import { create, createRegistry, toBinary } from "@bufbuild/protobuf";
import { replayable } from "@datapact/arbitrary";
import { consentSnapshot, statementFor } from "@datapact/policy";
import { band, cloud, DataUseStatementSchema, pactFiles, Purpose } from "@datapact/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { statementViolations } from "../../src/invariants/statement-within-schema.js";
import type { Observation } from "../../src/observe/observation.js";

const registry = createRegistry(...pactFiles);
const dump = { number: 9, name: "dump", summary: "dump" };
const consent = consentSnapshot({ band: { purposes: [Purpose.FUNCTIONALITY] } });

function row(n: number, cells: Record<string, Uint8Array>): Observation[] {
  return Object.entries(cells).map(([column, bytes]) => ({ sink: `db:public.records.${column}` as const, bytes, step: dump, detail: `row ${n}` }));
}

function storedRecord() {
  const summary = create(band.DailyActivitySummarySchema, { date: "2026-01-15", steps: 8123 });
  const statement = statementFor(band.DailyActivitySummarySchema, summary, { consent, policyVersion: "1.0", consentReceiptId: "rcpt_1" });
  return { summary, statement };
}

describe("statementViolations", () => {
  it("property: random cells and random Ingest bodies are never taken for statements and never make it throw", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 8 }), fc.uint8Array({ maxLength: 300 }), (cells, body) => {
        const observations: Observation[] = [
          ...cells.map((bytes, i) => ({ sink: `db:public.t.c${i}` as const, bytes, step: dump, detail: "row 1" })),
          { sink: "hop:app->cloud", bytes: new TextEncoder().encode("authorization: Bearer x"), detail: "POST /datapact.cloud.v1.SyncService/Ingest headers and query" },
          { sink: "hop:app->cloud", bytes: body, detail: "POST /datapact.cloud.v1.SyncService/Ingest request body" },
        ];
        expect(statementViolations(observations, registry)).toEqual([]);
      }),
      replayable("random bytes are no statement", 300),
    );
  });

  it("accepts an honest stored record, sealed part or not, and names column, sink and step of one without its receipt", () => {
    const { summary, statement } = storedRecord();
    const honest = row(1, { payload_plain: toBinary(band.DailyActivitySummarySchema, summary), payload_sealed: new Uint8Array(40).fill(7), statement: toBinary(DataUseStatementSchema, statement) });
    expect(statementViolations(honest, registry)).toEqual([]);
    const receiptless = row(2, { payload_plain: toBinary(band.DailyActivitySummarySchema, summary), statement: toBinary(DataUseStatementSchema, create(DataUseStatementSchema, { ...statement, consentReceiptId: "" })) });
    const [v, ...rest] = statementViolations(receiptless, registry);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ fieldPath: "statement", messageType: band.DailyActivitySummarySchema.typeName, sink: "db:public.records.statement", step: dump });
    expect(v!.message).toMatch(/MISSING_CONSENT_RECEIPT/);
  });

  it("flags a stored statement whose purposes no longer cover the fields it keeps", () => {
    const { summary, statement } = storedRecord();
    const narrowed = create(DataUseStatementSchema, { ...statement, purposes: [Purpose.ANALYTICS] });
    const violations = statementViolations(row(1, { payload_plain: toBinary(band.DailyActivitySummarySchema, summary), statement: toBinary(DataUseStatementSchema, narrowed) }), registry);
    expect(violations.map((v) => v.message).join("\n")).toMatch(/UNDECLARED_PURPOSE|FIELD_OUTSIDE_PURPOSES/);
  });

  it("checks every record of an Ingest request crossing to the cloud", () => {
    const { summary, statement } = storedRecord();
    const record = (id: string, s: typeof statement) => create(cloud.RecordSchema, { recordId: id, statement: s, payload: toBinary(band.DailyActivitySummarySchema, summary) });
    const body = toBinary(cloud.IngestRequestSchema, create(cloud.IngestRequestSchema, { records: [record("r1", statement), record("r2", create(DataUseStatementSchema, { ...statement, consentReceiptId: "" }))] }));
    const step = { number: 4, name: "sync", summary: "sync a1" };
    const violations = statementViolations(
      [
        { sink: "hop:app->cloud", bytes: new Uint8Array(), step, detail: "POST /datapact.cloud.v1.SyncService/Ingest headers and query" },
        { sink: "hop:app->cloud", bytes: body, step, detail: "POST /datapact.cloud.v1.SyncService/Ingest request body" },
      ],
      registry,
    );
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ fieldPath: "records[1].statement", sink: "hop:app->cloud", step });
  });
});
