import { Purpose } from "@datapact/proto";
import { isFunctionOn } from "@datapact/policy";
import { describe, expect, it } from "vitest";
import { DeviceConsent } from "../src/index.js";

describe("DeviceConsent function switches", () => {
  it("turns an off-by-default function on and off, and a default-on function off and on", () => {
    const c = new DeviceConsent();
    c.give("band", [Purpose.FUNCTIONALITY]);
    expect(c.isFunctionEnabled("band", "notification_display")).toBe(false);
    c.switches.set("band", "notification_display", true);
    expect(c.isFunctionEnabled("band", "notification_display")).toBe(true);

    expect(c.isFunctionDisabled("band", "weather")).toBe(false);
    c.switches.set("band", "weather", false);
    expect(c.isFunctionDisabled("band", "weather")).toBe(true);
    c.switches.set("band", "weather", true);
    expect(c.isFunctionDisabled("band", "weather")).toBe(false);
  });

  it("keeps explicit switch-offs across a snapshot and forgets them on reset", () => {
    const c = new DeviceConsent();
    c.switches.set("band", "weather", false);
    const copy = new DeviceConsent();
    copy.restore(c.snapshot());
    expect(copy.isFunctionDisabled("band", "weather")).toBe(true);
    copy.reset();
    expect(copy.isFunctionDisabled("band", "weather")).toBe(false);
  });

  it("is what the policy asks: a plan of a default-on function stops once switched off", () => {
    // isFunctionOn reads only these three members of a plan.
    const plan = { fn: "weather", offByDefault: false, productId: "band" } as Parameters<typeof isFunctionOn>[0];
    const c = new DeviceConsent();
    expect(isFunctionOn(plan, c)).toBe(true);
    c.switches.set("band", "weather", false);
    expect(isFunctionOn(plan, c)).toBe(false);
  });
});
