import { create, getExtension, hasExtension, toJson } from "@bufbuild/protobuf";
import { FieldDescriptorProto_Label as Label, FieldDescriptorProto_Type as Type } from "@bufbuild/protobuf/wkt";
import { data, DataCategory, Flow, product, record } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { annotatedFile } from "../src/index.js";

const file = annotatedFile({
  product: { id: "widget", name: "Test widget", source: "test" },
  messages: [
    {
      name: "Reading",
      record: { function: "reading", offByDefault: true },
      oneofs: ["source"],
      fields: [
        { name: "heart_rate", type: Type.UINT32, policy: { category: DataCategory.HEALTH_AND_FITNESS } },
        { name: "caller_name", number: 7, oneofIndex: 0, policy: { flow: Flow.DISPLAY_ONLY } },
        { name: "note" },
        { name: "by_day", type: Type.MESSAGE, label: Label.REPEATED, typeName: ".datapact.testing.widget.v1.Reading.ByDayEntry" },
      ],
      nested: [
        {
          name: "ByDayEntry",
          mapEntry: true,
          fields: [{ name: "key" }, { name: "value", type: Type.UINT32 }],
        },
      ],
    },
  ],
});
const [Reading] = file.messages;

describe("annotatedFile", () => {
  it("names the file and package after the product unless told otherwise", () => {
    expect(file.proto.name).toBe("datapact/testing/widget/v1/widget.proto");
    expect(file.proto.package).toBe("datapact.testing.widget.v1");
    expect(Reading.typeName).toBe("datapact.testing.widget.v1.Reading");
    const named = annotatedFile({ product: { id: "x" }, package: "datapact.testing.v1", name: "datapact/testing/v1/x.proto", messages: [] });
    expect([named.proto.name, named.proto.package]).toEqual(["datapact/testing/v1/x.proto", "datapact.testing.v1"]);
  });

  it("is registered against the pact's options file", () => {
    expect(file.dependencies.map((d) => d.proto.name)).toEqual([data.file.proto.name]);
  });

  it("writes exactly the annotations it is handed: product, record, data", () => {
    expect(getExtension(file.proto.options!, product)).toMatchObject({ id: "widget", name: "Test widget", source: "test" });
    expect(getExtension(Reading.proto.options!, record)).toMatchObject({ function: "reading", offByDefault: true });
    expect(getExtension(Reading.field.heartRate.proto.options!, data).category).toBe(DataCategory.HEALTH_AND_FITNESS);
    expect(getExtension(Reading.field.callerName.proto.options!, data).flow).toBe(Flow.DISPLAY_ONLY);
    expect(hasExtension(Reading.field.note.proto.options!, data)).toBe(false);
    const entry = Reading.proto.nestedType[0];
    expect(entry.options?.mapEntry).toBe(true);
    expect(hasExtension(entry.options!, record)).toBe(false);
  });

  it("numbers fields by position, types them string, and names them for JSON as protoc does, unless told otherwise", () => {
    expect(Reading.fields.map((f) => [f.name, f.number, f.proto.type, f.jsonName])).toEqual([
      ["heart_rate", 1, Type.UINT32, "heartRate"],
      ["caller_name", 7, Type.STRING, "callerName"],
      ["note", 3, Type.STRING, "note"],
      ["by_day", 4, Type.MESSAGE, "byDay"],
    ]);
  });

  it("builds oneofs, nested messages and map fields that protobuf-es reads as such", () => {
    expect(Reading.oneofs.map((o) => [o.name, o.fields.map((f) => f.name)])).toEqual([["source", ["caller_name"]]]);
    expect(Reading.field.byDay.fieldKind).toBe("map");
    const m = create(Reading, { heartRate: 61, source: { case: "callerName", value: "x" }, byDay: { mon: 3 } } as never);
    expect(toJson(Reading, m)).toEqual({ heartRate: 61, callerName: "x", byDay: { mon: 3 } });
  });
});
