import { create, equals, toBinary } from "@bufbuild/protobuf";
import { replayable } from "@datapact/arbitrary";
import { DataUseStatementSchema, IdentificationQualifier, Purpose } from "@datapact/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMPARED_STATEMENT_FIELDS, sameStatement, StatementEncodings } from "../../src/storage/records/prepared-record.js";

// Few values per field, so that equal statements and near misses both come up often.
const statementArb = fc.record({
  qualifier: fc.constantFrom(...Object.values(IdentificationQualifier).filter((v): v is number => typeof v === "number")),
  purposes: fc.array(fc.constantFrom(...Object.values(Purpose).filter((v): v is number => typeof v === "number")), { maxLength: 3 }),
  policyVersion: fc.constantFrom("v1", "v2", ""),
  consentReceiptId: fc.constantFrom("r1", "r2"),
  productId: fc.constantFrom("band", "scale", "band|", ""),
  messageType: fc.constantFrom("a.B", "a.C"),
});

describe("StatementEncodings", () => {
  it("compares every field of DataUseStatement (add a field there, and this fails until sameStatement compares it)", () => {
    expect(DataUseStatementSchema.fields.map((f) => f.localName).sort()).toEqual([...COMPARED_STATEMENT_FIELDS].sort());
  });

  it("gives the bytes toBinary gives, and two statements share bytes only when they are equal (property)", () => {
    fc.assert(
      fc.property(fc.array(statementArb, { minLength: 2, maxLength: 6 }), (inits) => {
        const encodings = new StatementEncodings();
        const statements = inits.map((init) => create(DataUseStatementSchema, init));
        const bytes = statements.map((s) => encodings.encode(s));
        statements.forEach((s, i) => {
          expect(Buffer.from(bytes[i]!).equals(Buffer.from(toBinary(DataUseStatementSchema, s)))).toBe(true);
          for (let j = 0; j < i; j++) {
            const equal = equals(DataUseStatementSchema, s, statements[j]!);
            expect(sameStatement(s, statements[j]!)).toBe(equal);
            // Equal statements share one encoding; different ones never do.
            expect(bytes[i] === bytes[j]).toBe(equal);
          }
        });
      }),
      replayable("statement encodings", 300),
    );
  });

  it("is not fooled by a statement changed after it was encoded", () => {
    const encodings = new StatementEncodings();
    const s = create(DataUseStatementSchema, { messageType: "a.B", productId: "band", purposes: [Purpose.FUNCTIONALITY], policyVersion: "v1", consentReceiptId: "r1" });
    const first = encodings.encode(s);
    s.purposes.push(Purpose.ANALYTICS);
    const second = encodings.encode(s);
    expect(second).not.toBe(first);
    expect(Buffer.from(second).equals(Buffer.from(toBinary(DataUseStatementSchema, s)))).toBe(true);
  });
});
