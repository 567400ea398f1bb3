import { describe, expect, it } from "vitest";
import { fieldPolicyOf, productOf } from "../src/index.js";
import { NotificationSchema, SyncSchema, gadgetFile } from "./fixture-schema.js";

describe("fixture schema", () => {
  it("carries its annotations through the registry", () => {
    expect(productOf(gadgetFile)?.id).toBe("gadget");
    expect(fieldPolicyOf(NotificationSchema.field.title!)?.flow).toBe(1);
    expect(SyncSchema.field.byDay?.fieldKind).toBe("map");
  });
});
