import { create, toBinary } from "@bufbuild/protobuf";
import { replayable } from "@datapact/arbitrary";
import { DataUseStatementSchema, IdentificationQualifier, Purpose } from "@datapact/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { STATEMENT_KEY_FIELDS, StatementEncodings, statementKey } from "../../src/storage/records/prepared-record.js";

const statementArb = fc.record({
  qualifier: fc.constantFrom(...Object.values(IdentificationQualifier).filter((v): v is number => typeof v === "number")),
  purposes: fc.array(fc.constantFrom(...Object.values(Purpose).filter((v): v is number => typeof v === "number")), { maxLength: 4 }),
  policyVersion: fc.string({ maxLength: 6 }),
  consentReceiptId: fc.string({ maxLength: 6 }),
  productId: fc.constantFrom("band", "scale", "band|", ""),
  messageType: fc.string({ maxLength: 6 }),
});

describe("StatementEncodings", () => {
  it("its key covers every field of DataUseStatement (add a field there, and this fails until the key covers it)", () => {
    expect(DataUseStatementSchema.fields.map((f) => f.localName).sort()).toEqual([...STATEMENT_KEY_FIELDS].sort());
  });

  it("gives the bytes toBinary gives, and two statements share bytes only when they are equal", () => {
    fc.assert(
      fc.property(statementArb, statementArb, (a, b) => {
        const encodings = new StatementEncodings();
        const sa = create(DataUseStatementSchema, a);
        const sb = create(DataUseStatementSchema, b);
        const ba = encodings.encode(sa);
        const bb = encodings.encode(sb);
        expect(Buffer.from(ba).equals(Buffer.from(toBinary(DataUseStatementSchema, sa)))).toBe(true);
        expect(Buffer.from(bb).equals(Buffer.from(toBinary(DataUseStatementSchema, sb)))).toBe(true);
        expect(statementKey(sa) === statementKey(sb)).toBe(Buffer.from(ba).equals(Buffer.from(bb)));
      }),
      replayable("statement encodings", 300),
    );
  });
});
