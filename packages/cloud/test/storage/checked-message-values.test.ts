import { create, toBinary, type DescMessage } from "@bufbuild/protobuf";
import { messageArbitrary, replayable } from "@datapact/arbitrary";
import { band, home, router, scale, wear } from "@datapact/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/index.js";
import { checkMessageValues } from "../../src/storage/validation/checked-message-values.js";

const SCHEMAS: DescMessage[] = [band.BandSyncRecordSchema, band.FeedbackRecordSchema, home.PhoneInfoSchema, router.ConnectedDeviceSchema, scale.BodyFitResultSchema, wear.WorkoutSchema];

describe("checkMessageValues", () => {
  it("accepts every well-typed message (property over real product types)", () => {
    const params = replayable("checkMessageValues: accepts valid messages", 100);
    fc.assert(
      fc.property(fc.constantFrom(...SCHEMAS).chain((s) => messageArbitrary(s).map((m) => [s, m] as const)), ([schema, message]) => {
        checkMessageValues(schema, message, "m");
        toBinary(schema, message);
      }),
      params,
    );
  });

  it("refuses a value of the wrong type anywhere, naming the field and not the value", () => {
    const params = replayable("checkMessageValues: refuses wrong types", 300);
    const wrongValues = fc.constantFrom<unknown>("SECRET-text", 3.5, -1, 2 ** 40, true, null, {}, [1], new Uint8Array([1]), 10n ** 30n);
    fc.assert(
      fc.property(fc.constantFrom(...SCHEMAS), fc.nat(), wrongValues, (schema, pick, wrong) => {
        const field = schema.fields[pick % schema.fields.length]!;
        const message = create(schema) as unknown as Record<string, unknown>;
        if (field.oneof) message[field.oneof.localName] = { case: field.localName, value: wrong };
        else message[field.localName] = wrong;
        try {
          checkMessageValues(schema, message, "m");
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidArgumentError);
          expect((err as InvalidArgumentError).argument).toContain(field.name);
          expect((err as Error).message).not.toContain("SECRET");
          return;
        }
        // What passes is of the field's type after all, so it encodes.
        expect(() => toBinary(schema, message as never)).not.toThrow();
      }),
      params,
    );
  });

  it("refuses a message of another type and a number in a string field", () => {
    expect(() => checkMessageValues(band.FeedbackRecordSchema, create(home.PhoneInfoSchema), "m")).toThrow(InvalidArgumentError);
    const m = { ...create(band.FeedbackRecordSchema), feedbackText: 12345 };
    expect(() => checkMessageValues(band.FeedbackRecordSchema, m, "m")).toThrow(/m\.feedback_text/);
  });
});
