import { create, type DescMessage, type Message } from "@bufbuild/protobuf";
import { band, DataUseStatementSchema, Purpose } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { consentSnapshot, statementFor, withoutPurposes } from "../src/index.js";

const ALL = [Purpose.FUNCTIONALITY, Purpose.ANALYTICS, Purpose.PERSONALIZATION, Purpose.ADVERTISING];
function stored(schema: DescMessage, init: Record<string, unknown>) {
  const message = create(schema, init as never) as Message;
  const statement = statementFor(schema, message as never, { consent: consentSnapshot({ band: { purposes: ALL, enabledFunctions: ["feedback", "crash_reporting"] } }), policyVersion: "v1", consentReceiptId: "r1" });
  return { message, statement };
}

describe("withoutPurposes", () => {
  const feedback = stored(band.FeedbackRecordSchema, { miAccountId: "acct", feedbackText: "it broke", crashLog: new Uint8Array([1, 2]) });

  it("drops the values kept only for analytics and stops naming analytics; the rest stays", () => {
    expect(feedback.statement.purposes).toContain(Purpose.ANALYTICS);
    const r = withoutPurposes(band.FeedbackRecordSchema, feedback.message as never, feedback.statement, [Purpose.ANALYTICS]);
    expect(r.changed).toBe(true);
    const m = r.message as unknown as { miAccountId: string; feedbackText: string; crashLog: Uint8Array };
    expect(m.miAccountId).toBe("acct");
    expect(m.feedbackText).toBe("it broke");
    expect(m.crashLog.length).toBe(0);
    expect(r.statement!.purposes).toEqual([Purpose.FUNCTIONALITY]);
    expect(r.statement!.consentReceiptId).toBe("r1");
    expect(r.statement!.policyVersion).toBe("v1");
  });

  it("says delete for a record kept for analytics alone", () => {
    const crash = stored(band.CrashReportSchema, { appVersion: "1.2", crashedComponent: "sync" });
    expect(crash.statement.purposes).toEqual([Purpose.ANALYTICS]);
    const r = withoutPurposes(band.CrashReportSchema, crash.message as never, crash.statement, [Purpose.ANALYTICS]);
    expect(r).toEqual({ message: undefined, statement: undefined, changed: true });
  });

  it("leaves a record that serves none of the withdrawn purposes as it is", () => {
    const r = withoutPurposes(band.FeedbackRecordSchema, feedback.message as never, feedback.statement, [Purpose.ADVERTISING]);
    expect(r.changed).toBe(false);
    expect(r.message).toBe(feedback.message);
    expect(r.statement).toBe(feedback.statement);
  });

  it("says delete when what is left holds no value (only analytics values were set)", () => {
    const onlyLogs = stored(band.FeedbackRecordSchema, { crashLog: new Uint8Array([9]) });
    // A statement that (too generously) also names functionality: the purpose stays, but no value serves it.
    const statement = create(DataUseStatementSchema, { ...onlyLogs.statement, purposes: [Purpose.FUNCTIONALITY, Purpose.ANALYTICS] });
    const r = withoutPurposes(band.FeedbackRecordSchema, onlyLogs.message as never, statement, [Purpose.ANALYTICS]);
    expect(r.message).toBeUndefined();
  });
});
