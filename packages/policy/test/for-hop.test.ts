import { create, equals, fromBinary, toBinary } from "@bufbuild/protobuf";
import { pathToString, type Path } from "@bufbuild/protobuf/reflect";
import { Hop, Purpose, Tier } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { consentSnapshot, forHop, forStorage, noConsent, ThirdPartyDirectValueError, type DropReason } from "../src/index.js";
import { AckSchema, NotificationSchema, PaymentSchema, SampleSchema, SyncSchema, WeatherSchema } from "./fixture-schema.js";

const all = consentSnapshot({
  gadget: { purposes: [Purpose.FUNCTIONALITY, Purpose.ANALYTICS], enabledFunctions: ["notification_display"] },
});
const functionalityOnly = consentSnapshot({ gadget: { purposes: [Purpose.FUNCTIONALITY], enabledFunctions: ["notification_display"] } });

function drops(run: (onDrop: (p: Path, r: DropReason) => void) => unknown): string[] {
  const out: string[] = [];
  run((p, r) => out.push(`${pathToString(p)}:${r}`));
  return out.sort();
}

describe("forHop: display-only data", () => {
  const n = create(NotificationSchema, { id: "n1", title: "Dinner at 8?", source: { case: "caller", value: "Alice" } } as never);

  it("crosses device<->app to reach the screen once the function is on", () => {
    const out = forHop(NotificationSchema, n, Hop.DEVICE_APP, all) as Record<string, unknown>;
    expect(out.title).toBe("Dinner at 8?");
    expect(out.source).toEqual({ case: "caller", value: "Alice" });
  });

  it("never crosses to the cloud, including a display-only oneof member", () => {
    const out = forHop(NotificationSchema, n, Hop.APP_CLOUD, all) as Record<string, unknown>;
    expect(out.title).toBe("");
    expect(out.source).toEqual({ case: undefined });
    expect(out.id).toBe("n1");
  });

  it("is stored at no tier", () => {
    for (const tier of [Tier.DEVICE, Tier.APP, Tier.CLOUD]) {
      const out = forStorage(NotificationSchema, n, tier) as Record<string, unknown>;
      expect(out.title).toBe("");
      expect(out.source).toEqual({ case: undefined });
    }
  });

  it("produces nothing while its off-by-default function is off", () => {
    const off = consentSnapshot({ gadget: { purposes: [Purpose.FUNCTIONALITY] } });
    const reasons = drops((onDrop) => forHop(NotificationSchema, n, Hop.DEVICE_APP, off, { onDrop }));
    expect(reasons).toEqual(["caller:FUNCTION_DISABLED", "id:FUNCTION_DISABLED", "title:FUNCTION_DISABLED"]);
  });

  it("leaves the input untouched", () => {
    const before = create(NotificationSchema, n as never);
    forHop(NotificationSchema, n, Hop.APP_CLOUD, all);
    expect(equals(NotificationSchema, n, before)).toBe(true);
  });
});

describe("forHop: consent, flows and switches", () => {
  const s = create(SampleSchema, {
    heartRate: 61,
    trace: new Uint8Array([1, 2, 3]),
    screenTaps: 4,
    secretPin: "1234",
    crashLog: "stack",
    unannotated: "x",
  } as never);

  it("drops values whose purposes lack consent, and says why", () => {
    const reasons = drops((onDrop) => forHop(SampleSchema, s, Hop.APP_CLOUD, functionalityOnly, { onDrop }));
    expect(reasons).toEqual(["screen_taps:NO_CONSENT", "secret_pin:FLOW", "unannotated:UNANNOTATED"]);
  });

  it("keeps a field with several purposes when one of them has consent", () => {
    const onlyAnalytics = consentSnapshot({ gadget: { purposes: [Purpose.ANALYTICS] } });
    const out = forHop(SampleSchema, s, Hop.APP_CLOUD, onlyAnalytics) as Record<string, unknown>;
    expect(out.crashLog).toBe("stack");
    expect(out.heartRate).toBe(0);
  });

  it("keeps device-only values on the device", () => {
    for (const hop of [Hop.DEVICE_APP, Hop.APP_CLOUD, Hop.DEVICE_CLOUD]) {
      expect((forHop(SampleSchema, s, hop, all) as Record<string, unknown>).secretPin).toBe("");
    }
    expect((forStorage(SampleSchema, s, Tier.DEVICE) as Record<string, unknown>).secretPin).toBe("1234");
    expect((forStorage(SampleSchema, s, Tier.APP) as Record<string, unknown>).secretPin).toBe("");
  });

  it("honours an upload switch on the way to the cloud only", () => {
    const tracesOff = consentSnapshot({ gadget: { purposes: [Purpose.FUNCTIONALITY], disabledUploads: ["upload_workout_traces"] } });
    expect((forHop(SampleSchema, s, Hop.APP_CLOUD, tracesOff) as unknown as { trace: Uint8Array }).trace).toHaveLength(0);
    expect((forHop(SampleSchema, s, Hop.DEVICE_APP, tracesOff) as unknown as { trace: Uint8Array }).trace).toHaveLength(3);
  });

  it("lets nothing through without consent", () => {
    const out = forHop(SampleSchema, s, Hop.DEVICE_APP, noConsent);
    expect(toBinary(SampleSchema, out)).toHaveLength(0);
  });

  it("strips unknown fields, which carry no annotation", () => {
    const withUnknown = fromBinary(SampleSchema, new Uint8Array([0x08, 0x3d, 0xf8, 0x06, 0x01]));
    expect(withUnknown.$unknown).toBeDefined();
    const out = forHop(SampleSchema, withUnknown, Hop.APP_CLOUD, all);
    expect(out.$unknown).toBeUndefined();
    expect(toBinary(SampleSchema, out)).toEqual(new Uint8Array([0x08, 0x3d]));
  });
});

describe("forHop: nested, repeated and map-valued messages", () => {
  const sync = create(SyncSchema, {
    deviceId: "d1",
    samples: [{ heartRate: 70, secretPin: "9" }, { heartRate: 71 }],
    latest: { id: "n", title: "secret title" },
    byDay: { "2026-11-24": { heartRate: 60, secretPin: "7" } },
  } as never) as Record<string, any>;

  it("applies the rules inside every held message and reports paths without map keys", () => {
    const reasons = drops((onDrop) => forHop(SyncSchema, sync as never, Hop.APP_CLOUD, all, { onDrop }));
    expect(reasons).toEqual(['by_day["*"].secret_pin:FLOW', "latest.title:FLOW", "samples[0].secret_pin:FLOW"]);
    const out = forHop(SyncSchema, sync as never, Hop.APP_CLOUD, all) as Record<string, any>;
    expect(out.samples[0].secretPin).toBe("");
    expect(out.samples[0].heartRate).toBe(70);
    expect(out.byDay["2026-11-24"].secretPin).toBe("");
    expect(out.latest.title).toBe("");
    // Untouched sub-messages are shared, not copied.
    expect(out.samples[1]).toBe(sync.samples[1]);
    expect(sync.samples[0].secretPin).toBe("9");
  });

  it("is idempotent", () => {
    const once = forHop(SyncSchema, sync as never, Hop.APP_CLOUD, all);
    const twice = forHop(SyncSchema, once, Hop.APP_CLOUD, all);
    expect(equals(SyncSchema, once, twice)).toBe(true);
  });
});

describe("third-party-direct values", () => {
  it("are refused at entry with a typed error that names the field, not the value", () => {
    const p = create(PaymentSchema, { cardSuffix: "4242", cvv: "737" } as never);
    let caught: unknown;
    try {
      forHop(PaymentSchema, p, Hop.DEVICE_APP, all);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ThirdPartyDirectValueError);
    const err = caught as ThirdPartyDirectValueError;
    expect(err.code).toBe("THIRD_PARTY_DIRECT_VALUE");
    expect(pathToString(err.path)).toBe("cvv");
    expect(err.message).not.toContain("737");
    expect(() => forStorage(PaymentSchema, p, Tier.DEVICE)).toThrow(ThirdPartyDirectValueError);
  });

  it("do not block a message where they are unset", () => {
    const p = create(PaymentSchema, { cardSuffix: "4242" } as never);
    expect((forHop(PaymentSchema, p, Hop.APP_CLOUD, all) as Record<string, unknown>).cardSuffix).toBe("4242");
  });
});

describe("control messages", () => {
  it("pass unchanged", () => {
    const ack = create(AckSchema, { note: "ok" } as never);
    expect(forHop(AckSchema, ack, Hop.APP_CLOUD, noConsent)).toBe(ack);
  });
});

describe("what a projection empties", () => {
  it("removes emptied elements, entries and held messages, so counts and keys do not cross", () => {
    const sync = create(SyncSchema, {
      deviceId: "d1",
      samples: [{ secretPin: "1" }, { heartRate: 70 }, {}],
      byDay: { "2026-11-24": { secretPin: "7" }, "2026-11-25": { heartRate: 1 } },
      latest: { title: "only display-only content" },
    } as never);
    const out = forHop(SyncSchema, sync, Hop.APP_CLOUD, all) as Record<string, any>;
    // The first sample held only a device-only value; the third was empty to begin with and stays.
    expect(out.samples).toHaveLength(2);
    expect(out.samples[0].heartRate).toBe(70);
    expect(Object.keys(out.byDay)).toEqual(["2026-11-25"]);
    expect(out.latest).toBeUndefined();
  });
});

describe("functions on by default", () => {
  it("run until the user turns them off, then stop", () => {
    const w = create(WeatherSchema, { city: "Lyon" } as never);
    const on = consentSnapshot({ gadget: { purposes: [Purpose.FUNCTIONALITY] } });
    const off = consentSnapshot({ gadget: { purposes: [Purpose.FUNCTIONALITY], disabledFunctions: ["weather_positioning"] } });
    expect((forHop(WeatherSchema, w, Hop.APP_CLOUD, on) as Record<string, unknown>).city).toBe("Lyon");
    const reasons = drops((onDrop) => forHop(WeatherSchema, w, Hop.APP_CLOUD, off, { onDrop }));
    expect(reasons).toEqual(["city:FUNCTION_DISABLED"]);
    expect((forStorage(WeatherSchema, w, Tier.APP, { consent: off }) as Record<string, unknown>).city).toBe("");
  });
});
