import { replayable } from "@datapact/arbitrary";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidPageTokenError } from "../../src/index.js";
import { decodePageToken, encodePageToken } from "../../src/storage/records/page-token.js";

const filters = ["band", undefined] as const;

describe("page tokens", () => {
  it("round-trip for the same subject and filters only", () => {
    const token = encodePageToken({ collectedAtMs: 1_700_000_000_123, recordId: "r-9" }, "subject-1", filters);
    expect(decodePageToken(token, "subject-1", filters)).toEqual({ collectedAtMs: 1_700_000_000_123, recordId: "r-9" });
    expect(() => decodePageToken(token, "subject-2", filters)).toThrow(InvalidPageTokenError);
    expect(() => decodePageToken(token, "subject-1", ["home", undefined])).toThrow(InvalidPageTokenError);
    expect(() => decodePageToken(token, "subject-1", [undefined, "band"])).toThrow(InvalidPageTokenError);
  });

  it("refuse any other string with InvalidPageTokenError, never another error (fuzz)", () => {
    const params = replayable("page token: decode arbitrary input", 1000);
    const tokenLike = fc.oneof(
      fc.string(),
      fc.base64String(),
      fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v)).toString("base64url")),
      fc
        .record({ v: fc.anything(), c: fc.anything(), r: fc.anything(), f: fc.anything() }, { requiredKeys: [] })
        .map((o) => Buffer.from(JSON.stringify(o) ?? "").toString("base64url")),
      fc.anything(),
    );
    fc.assert(
      fc.property(tokenLike, (token) => {
        try {
          decodePageToken(token, "subject-1", filters);
          return false; // nothing random carries the right fingerprint
        } catch (err) {
          return err instanceof InvalidPageTokenError;
        }
      }),
      params,
    );
  });
});
