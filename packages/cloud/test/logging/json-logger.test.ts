import { Code, ConnectError } from "@connectrpc/connect";
import { StatementError, ThirdPartyDirectValueError } from "@datapact/policy";
import { band } from "@datapact/proto";
import { buildPath } from "@bufbuild/protobuf/reflect";
import { describe, expect, it } from "vitest";
import { createJsonLogger, errorLogFields, InvalidArgumentError, MemoryLogger, RejectedRequestError } from "../../src/index.js";

describe("createJsonLogger", () => {
  it("writes one JSON object per line, leaves out undefined fields and keeps ts/level/event from being overwritten", () => {
    const lines: string[] = [];
    const logger = createJsonLogger((l) => lines.push(l), { now: () => new Date(0) });
    logger.log("info", "ingest.stored", { subjectId: "s1", recordIds: ["r1", "r2"], deviceId: undefined, event: "spoofed" });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith("\n")).toBe(true);
    expect(JSON.parse(lines[0]!)).toEqual({ ts: "1970-01-01T00:00:00.000Z", level: "info", event: "ingest.stored", subjectId: "s1", recordIds: ["r1", "r2"] });
  });

  it("drops entries below its level", () => {
    const lines: string[] = [];
    const logger = createJsonLogger((l) => lines.push(l), { level: "warn" });
    logger.log("info", "a");
    logger.log("debug", "b");
    logger.log("error", "c");
    expect(lines.map((l) => JSON.parse(l).event)).toEqual(["c"]);
  });

  it("MemoryLogger keeps entries and renders the same lines", () => {
    const logger = new MemoryLogger(() => new Date(0));
    logger.log("warn", "x.y", { n: 1 });
    expect(logger.events("x.y")).toHaveLength(1);
    expect(logger.text()).toBe('{"ts":"1970-01-01T00:00:00.000Z","level":"warn","event":"x.y","n":1}');
  });
});

describe("errorLogFields", () => {
  it("never takes an error's message, which can quote data", () => {
    const fields = errorLogFields(new Error("value SECRET-123 is wrong"));
    expect(JSON.stringify(fields)).not.toContain("SECRET-123");
    expect(fields.errorName).toBe("Error");
    expect(JSON.stringify(errorLogFields(new ConnectError("SECRET-456", Code.Internal)))).not.toContain("SECRET-456");
    expect(JSON.stringify(errorLogFields("SECRET-789"))).not.toContain("SECRET-789");
  });

  it("keeps the ids typed errors carry, and a type name only when it is the pact's", () => {
    const known = (t: string) => t === band.FeedbackRecordSchema.typeName;
    expect(errorLogFields(new StatementError("NO_PURPOSE", band.FeedbackRecordSchema.typeName, "x"), { isKnownType: known })).toMatchObject({
      errorName: "StatementError",
      violation: "NO_PURPOSE",
      messageType: band.FeedbackRecordSchema.typeName,
    });
    expect(errorLogFields(new StatementError("NO_PURPOSE", "CANARY.Type", "x"), { isKnownType: known }).messageType).toBeUndefined();
    const path = buildPath(band.BankCardVerificationSchema).field(band.BankCardVerificationSchema.field.cvc2).toPath();
    expect(errorLogFields(new ThirdPartyDirectValueError(band.BankCardVerificationSchema.typeName, path)).fieldPath).toBe("cvc2");
    expect(errorLogFields(new InvalidArgumentError("records[2].recordId", "must be 1 to 256 characters"))).toMatchObject({ argument: "records[2].recordId" });
    expect(errorLogFields(new RejectedRequestError(Code.PermissionDenied, "CONSENT_WITHDRAWN", "m"))).toMatchObject({ errorCode: "CONSENT_WITHDRAWN", rpcCode: "PermissionDenied" });
  });
});
