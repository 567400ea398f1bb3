import { replayable } from "@datapact/arbitrary";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KeyMaterialError, UserTokens } from "../../src/index.js";

const secret = new Uint8Array(32).fill(3);

describe("UserTokens", () => {
  it("verifies what it issued until it expires", () => {
    let now = new Date(Date.UTC(2026, 0, 1));
    const tokens = new UserTokens({ secret, ttlMs: 60_000, now: () => now });
    const { token, expiresAt } = tokens.issue("3b1f5f0e-2c43-4e53-8d39-0d9f0c1b7f11");
    expect(expiresAt.getTime() - now.getTime()).toBe(60_000);
    expect(tokens.verify(token)).toBe("3b1f5f0e-2c43-4e53-8d39-0d9f0c1b7f11");
    now = new Date(expiresAt.getTime() - 1);
    expect(tokens.verify(token)).toBe("3b1f5f0e-2c43-4e53-8d39-0d9f0c1b7f11");
    now = expiresAt;
    expect(tokens.verify(token)).toBeUndefined();
  });

  it("refuses tokens signed with another secret, and a payload swapped under a valid signature", () => {
    const tokens = new UserTokens({ secret });
    const other = new UserTokens({ secret: new Uint8Array(32).fill(4) });
    expect(tokens.verify(other.issue("subject-a").token)).toBeUndefined();
    const a = tokens.issue("subject-a").token.split(".");
    const b = tokens.issue("subject-b").token.split(".");
    expect(tokens.verify([a[0], b[1], a[2]].join("."))).toBeUndefined();
  });

  it("needs a secret of at least 32 bytes", () => {
    expect(() => new UserTokens({ secret: new Uint8Array(16) })).toThrow(KeyMaterialError);
  });

  it("property: no string but an issued token verifies, and none throws", () => {
    const tokens = new UserTokens({ secret });
    const issued = tokens.issue("subject-z").token;
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string().map((s) => `ut1.${s}`), fc.nat({ max: issued.length - 1 }).chain((i) => fc.constant(issued.slice(0, i) + (issued[i] === "A" ? "B" : "A") + issued.slice(i + 1)))), (candidate) => {
        expect(tokens.verify(candidate)).toBeUndefined();
      }),
      replayable("user tokens refuse anything not issued", 500),
    );
  });
});
