import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { cloud, home } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { conditionHolds } from "../../src/index.js";

const C = cloud.SceneComparator;
const report = create(home.DeviceEventReportSchema, {
  deviceId: "dev-1",
  properties: [
    { property: "temperature", value: "21.5" },
    { property: "power", value: "true" },
  ],
  triggers: [{ event: "door_opened", occurredAt: timestampFromDate(new Date(0)) }],
});
const holds = (fieldPath: string, comparator: cloud.SceneComparator, value: string) =>
  conditionHolds(home.DeviceEventReportSchema, report, { fieldPath, comparator, value });

describe("conditionHolds", () => {
  it("compares text, and numbers numerically, through repeated fields (any element)", () => {
    expect(holds("triggers.event", C.EQUAL, "door_opened")).toBe(true);
    expect(holds("triggers.event", C.EQUAL, "door_closed")).toBe(false);
    expect(holds("properties.value", C.EQUAL, "21.50")).toBe(true);
    expect(holds("properties.value", C.GREATER, "21")).toBe(true);
    expect(holds("properties.value", C.GREATER, "22")).toBe(false);
    expect(holds("properties.value", C.LESS, "22")).toBe(true);
  });

  it("NOT_EQUAL holds only when no value equals, and never on an empty list", () => {
    expect(holds("triggers.event", C.NOT_EQUAL, "door_closed")).toBe(true);
    expect(holds("triggers.event", C.NOT_EQUAL, "door_opened")).toBe(false);
    const empty = create(home.DeviceEventReportSchema, { deviceId: "d" });
    expect(conditionHolds(home.DeviceEventReportSchema, empty, { fieldPath: "triggers.event", comparator: C.NOT_EQUAL, value: "x" })).toBe(false);
  });

  it("never matches a path the type does not have, a message-valued leaf, or an unspecified comparator", () => {
    expect(holds("triggers.nope", C.EQUAL, "x")).toBe(false);
    expect(holds("triggers", C.EQUAL, "x")).toBe(false);
    expect(holds("triggers.occurred_at", C.EQUAL, "0")).toBe(false);
    expect(holds("", C.EQUAL, "")).toBe(false);
    expect(holds("device_id..x", C.EQUAL, "")).toBe(false);
    expect(holds("device_id", C.UNSPECIFIED, "dev-1")).toBe(false);
  });

  it("reads field names as written in the schema or in JSON", () => {
    expect(holds("device_id", C.EQUAL, "dev-1")).toBe(true);
    expect(holds("deviceId", C.EQUAL, "dev-1")).toBe(true);
  });

  it("matches enums by number or by name", () => {
    const scene = create(cloud.SceneSchema, { trigger: { comparator: C.GREATER } });
    const read = (value: string) => conditionHolds(cloud.SceneSchema, scene, { fieldPath: "trigger.comparator", comparator: C.EQUAL, value });
    expect(read("3")).toBe(true);
    expect(read("SCENE_COMPARATOR_GREATER")).toBe(true);
    expect(read("SCENE_COMPARATOR_LESS")).toBe(false);
  });
});
