import { create, toBinary } from "@bufbuild/protobuf";
import { cloud, DataUseStatementSchema, Hop, IdentificationQualifier as Q, Purpose, RetentionKind, Tier } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import {
  consentSnapshot,
  createPolicy,
  fieldExpiry,
  forHop,
  planFor,
  recordExpiry,
  statementFor,
  StatementError,
  ThirdPartyDirectValueError,
  UnknownMessageTypeError,
  validateStatement,
  type StatementViolation,
} from "../src/index.js";
import { gadgetRegistry, PaymentSchema, SampleSchema } from "./fixture-schema.js";

const stmt = (init: Partial<Parameters<typeof create<typeof DataUseStatementSchema>>[1]> = {}) =>
  create(DataUseStatementSchema, {
    qualifier: Q.IDENTIFIED,
    purposes: [Purpose.FUNCTIONALITY],
    policyVersion: "2026-11",
    consentReceiptId: "r1",
    productId: "gadget",
    messageType: "datapact.testing.v1.Sample",
    ...init,
  });

function violation(fn: () => void): StatementViolation | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatementError) return e.violation;
    throw e;
  }
  return undefined;
}

describe("validateStatement", () => {
  const sample = create(SampleSchema, { heartRate: 60 } as never);

  it("accepts a statement within the schema", () => {
    expect(violation(() => validateStatement(SampleSchema, sample, stmt()))).toBeUndefined();
  });

  it.each<[string, Partial<Parameters<typeof stmt>[0]> | undefined, StatementViolation]>([
    ["a missing statement", undefined, "MISSING_STATEMENT"],
    ["another message type", { messageType: "datapact.testing.v1.Payment" }, "MESSAGE_TYPE_MISMATCH"],
    ["another product", { productId: "band" }, "PRODUCT_MISMATCH"],
    ["no purpose", { purposes: [] }, "NO_PURPOSE"],
    ["a purpose no field declares", { purposes: [Purpose.ADVERTISING] }, "UNDECLARED_PURPOSE"],
    ["a qualifier no field declares for the purposes", { qualifier: Q.AGGREGATED }, "UNDECLARED_QUALIFIER"],
    ["no policy version", { policyVersion: "" }, "MISSING_POLICY_VERSION"],
    ["no consent receipt", { consentReceiptId: "" }, "MISSING_CONSENT_RECEIPT"],
  ])("rejects %s", (_, init, expected) => {
    expect(violation(() => validateStatement(SampleSchema, sample, init === undefined ? undefined : stmt(init)))).toBe(expected);
  });

  it("rejects a record that carries a field serving none of the stated purposes", () => {
    const taps = create(SampleSchema, { screenTaps: 3, heartRate: 1 } as never);
    expect(violation(() => validateStatement(SampleSchema, taps, stmt()))).toBe("FIELD_OUTSIDE_PURPOSES");
  });

  it("rejects a statement that calls identified data pseudonymized", () => {
    const both = create(SampleSchema, { crashLog: "x" } as never);
    // crash_log is pseudonymized for analytics but identified for functionality.
    expect(violation(() => validateStatement(SampleSchema, both, stmt({ qualifier: Q.PSEUDONYMIZED, purposes: [Purpose.ANALYTICS] })))).toBeUndefined();
    expect(violation(() => validateStatement(SampleSchema, both, stmt({ qualifier: Q.PSEUDONYMIZED, purposes: [Purpose.ANALYTICS, Purpose.FUNCTIONALITY] })))).toBe(
      "UNDERSTATED_QUALIFIER",
    );
  });

  it("refuses third-party-direct content outright", () => {
    const p = create(PaymentSchema, { cvv: "123" } as never);
    expect(() => validateStatement(PaymentSchema, p, stmt({ messageType: "datapact.testing.v1.Payment" }))).toThrow(ThirdPartyDirectValueError);
  });
});

describe("statementFor", () => {
  it("states exactly the consented purposes and the strongest qualifier, and validates", () => {
    const consent = consentSnapshot({ gadget: { purposes: [Purpose.ANALYTICS] } });
    const s = create(SampleSchema, { heartRate: 70, screenTaps: 2, crashLog: "x" } as never);
    const projected = forHop(SampleSchema, s, Hop.APP_CLOUD, consent);
    const statement = statementFor(SampleSchema, projected, { consent, policyVersion: "v2", consentReceiptId: "r9" });
    expect(statement.purposes).toEqual([Purpose.ANALYTICS]);
    expect(statement.qualifier).toBe(Q.PSEUDONYMIZED);
    expect(() => validateStatement(SampleSchema, projected, statement)).not.toThrow();
  });
});

describe("retention", () => {
  const rule = (n: number) => planFor(SampleSchema).ruleFor(n)!;
  const at = new Date("2026-01-01T00:00:00Z");

  it("gives fixed periods an instant and other kinds their event", () => {
    expect(fieldExpiry(rule(3), Tier.CLOUD, at)).toEqual({ kind: "at", at: new Date("2026-04-01T00:00:00Z") });
    expect(fieldExpiry(rule(1), Tier.CLOUD, at)).toEqual({ kind: "event", until: RetentionKind.UNTIL_USER_REQUEST });
    expect(fieldExpiry(rule(4), Tier.CLOUD, at)).toEqual({ kind: "never-stored" });
    expect(fieldExpiry(rule(4), Tier.DEVICE, at)).toEqual({ kind: "event", until: RetentionKind.UNTIL_FACTORY_RESET });
  });

  it("uses a purpose's own retention", () => {
    expect(fieldExpiry(rule(5), Tier.CLOUD, at, Purpose.ANALYTICS)).toEqual({ kind: "at", at: new Date("2026-04-01T00:00:00Z") });
    expect(fieldExpiry(rule(5), Tier.CLOUD, at, Purpose.FUNCTIONALITY).kind).toBe("event");
  });

  it("expires a record with its earliest field", () => {
    const s = create(SampleSchema, { heartRate: 1, crashLog: "x" } as never);
    expect(recordExpiry(SampleSchema, s, Tier.CLOUD, at, [Purpose.FUNCTIONALITY])).toBeUndefined();
    expect(recordExpiry(SampleSchema, s, Tier.CLOUD, at, [Purpose.ANALYTICS])).toEqual(new Date("2026-04-01T00:00:00Z"));
  });

  it("knows which fields are field-encrypted at rest per tier", () => {
    expect(planFor(SampleSchema).encryptedAt(Tier.CLOUD).map((r) => r.field.name)).toEqual(["heart_rate"]);
    expect(planFor(SampleSchema).encryptedAt(Tier.DEVICE).map((r) => r.field.name)).toEqual(["secret_pin"]);
  });
});

describe("createPolicy().validateRecord", () => {
  const policy = createPolicy(gadgetRegistry);
  const envelope = (init: Record<string, unknown>) => create(cloud.RecordSchema, { recordId: "r", ...init } as never);

  it("decodes the payload as the stated type and validates the statement", () => {
    const payload = toBinary(SampleSchema, create(SampleSchema, { heartRate: 80 } as never));
    const out = policy.validateRecord(envelope({ statement: stmt(), payload }));
    expect(out.schema.typeName).toBe("datapact.testing.v1.Sample");
    expect((out.message as unknown as { heartRate: number }).heartRate).toBe(80);
  });

  it("rejects a missing statement, an unknown type and an undecodable payload with typed errors", () => {
    expect(violation(() => policy.validateRecord(envelope({ payload: new Uint8Array() })))).toBe("MISSING_STATEMENT");
    expect(() => policy.validateRecord(envelope({ statement: stmt({ messageType: "x.Unknown" }) }))).toThrow(UnknownMessageTypeError);
    const garbage = new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x41]);
    expect(violation(() => policy.validateRecord(envelope({ statement: stmt(), payload: garbage })))).toBe("MESSAGE_TYPE_MISMATCH");
  });
});
