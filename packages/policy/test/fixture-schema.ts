// A small annotated schema built in code, so the engine's unit tests pin
// exact behaviour without depending on the product schemas.
import { createRegistry, type DescFile } from "@bufbuild/protobuf";
import { FieldDescriptorProto_Label as Label, FieldDescriptorProto_Type as Type } from "@bufbuild/protobuf/wkt";
import { annotatedFile } from "@datapact/arbitrary";
import { pactFiles } from "@datapact/proto";

const everywhere = {
  transit: [
    { hop: 1, measure: 1 },
    { hop: 2, measure: 2 },
  ],
  storage: [{ measure: 1 }],
  retention: [{ kind: 3 }],
};

/** The fixture file, as a descriptor. */
export const gadgetFile: DescFile = annotatedFile({
  name: "datapact/testing/v1/gadget.proto",
  package: "datapact.testing.v1",
  product: { id: "gadget", name: "Test gadget" },
  messages: [
    {
      name: "Notification",
      record: { function: "notification_display", offByDefault: true },
      oneofs: ["source"],
      fields: [
        { name: "id", policy: { category: 7, qualifier: 1, purposes: [1], ...everywhere } },
        { name: "title", policy: { category: 6, qualifier: 1, purposes: [1], flow: 1, transit: [{ hop: 1, measure: 1 }], storage: [{ measure: 5 }], retention: [{ kind: 5 }] } },
        { name: "caller", oneofIndex: 0, policy: { category: 6, qualifier: 1, purposes: [1], flow: 1, storage: [{ measure: 5 }], retention: [{ kind: 5 }] } },
        { name: "app_code", type: Type.INT32, oneofIndex: 0, policy: { category: 7, qualifier: 1, purposes: [1], ...everywhere } },
      ],
    },
    {
      name: "Sample",
      fields: [
        { name: "heart_rate", type: Type.UINT32, policy: { category: 4, qualifier: 1, purposes: [1], ...everywhere, storage: [{ tier: 1, measure: 1 }, { measure: 2 }] } },
        { name: "trace", type: Type.BYTES, policy: { category: 5, qualifier: 1, purposes: [1], ...everywhere, uploadSwitch: "upload_workout_traces" } },
        { name: "screen_taps", type: Type.UINT32, policy: { category: 7, qualifier: 2, purposes: [2], ...everywhere, retention: [{ kind: 4, days: 90 }] } },
        { name: "secret_pin", policy: { category: 1, qualifier: 1, purposes: [1], flow: 2, storage: [{ tier: 1, measure: 2 }, { measure: 5 }], retention: [{ tier: 1, kind: 2 }, { kind: 5 }] } },
        { name: "crash_log", policy: { category: 8, qualifier: 1, purposes: [1, 2], ...everywhere, uses: [{ purpose: 2, qualifier: 2, retention: [{ kind: 4, days: 90 }] }] } },
        { name: "unannotated" },
      ],
    },
    {
      name: "Sync",
      fields: [
        { name: "device_id", policy: { category: 1, qualifier: 1, purposes: [1], ...everywhere } },
        { name: "samples", type: Type.MESSAGE, label: Label.REPEATED, typeName: ".datapact.testing.v1.Sample" },
        { name: "latest", type: Type.MESSAGE, typeName: ".datapact.testing.v1.Notification" },
        { name: "by_day", type: Type.MESSAGE, label: Label.REPEATED, typeName: ".datapact.testing.v1.Sync.ByDayEntry" },
      ],
      nested: [{ name: "ByDayEntry", mapEntry: true, fields: [{ name: "key" }, { name: "value", type: Type.MESSAGE, typeName: ".datapact.testing.v1.Sample" }] }],
    },
    {
      name: "Payment",
      fields: [
        { name: "card_suffix", policy: { category: 3, qualifier: 1, purposes: [1], ...everywhere } },
        { name: "cvv", policy: { category: 3, qualifier: 1, purposes: [1], flow: 5, storage: [{ measure: 5 }], retention: [{ kind: 8 }] } },
      ],
    },
    { name: "Ack", record: { role: 2 }, fields: [{ name: "note" }] },
    { name: "Weather", record: { function: "weather_positioning" }, fields: [{ name: "city", policy: { category: 5, qualifier: 1, purposes: [1], ...everywhere } }] },
  ],
});
/** The pact's types and the fixture's. */
export const gadgetRegistry = createRegistry(...pactFiles, gadgetFile);
export const [NotificationSchema, SampleSchema, SyncSchema, PaymentSchema, AckSchema, WeatherSchema] = gadgetFile.messages;
