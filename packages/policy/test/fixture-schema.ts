// A small annotated schema built in code, so the engine's unit tests pin
// exact behaviour without depending on the product schemas.
import { create, createFileRegistry, setExtension, type DescFile, type DescMessage } from "@bufbuild/protobuf";
import {
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
  FieldOptionsSchema,
  FileDescriptorProtoSchema,
  MessageOptionsSchema,
  FileOptionsSchema,
  DescriptorProtoSchema,
  type FieldDescriptorProto,
} from "@bufbuild/protobuf/wkt";
import {
  data,
  FieldPolicySchema,
  MessagePolicySchema,
  ProductPolicySchema,
  pactFiles,
  product,
  record,
  type FieldPolicy,
  type MessagePolicy,
} from "@datapact/proto";
import type { MessageInitShape } from "@bufbuild/protobuf";

type FieldInit = Omit<Partial<FieldDescriptorProto>, "options" | "$typeName"> & { policy?: MessageInitShape<typeof FieldPolicySchema> };

function field(name: string, number: number, type: Type, init: FieldInit = {}): MessageInitShape<typeof import("@bufbuild/protobuf/wkt").FieldDescriptorProtoSchema> {
  const { policy, ...rest } = init;
  const options = create(FieldOptionsSchema);
  if (policy) setExtension(options, data, create(FieldPolicySchema, policy) as FieldPolicy);
  return { name, number, type, label: Label.OPTIONAL, jsonName: name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), options, ...rest };
}

function message(name: string, fields: ReturnType<typeof field>[], policy?: MessageInitShape<typeof MessagePolicySchema>, extra: MessageInitShape<typeof DescriptorProtoSchema> = {}): MessageInitShape<typeof DescriptorProtoSchema> {
  const options = create(MessageOptionsSchema);
  if (policy) setExtension(options, record, create(MessagePolicySchema, policy) as MessagePolicy);
  return { name, field: fields, options, ...extra };
}

const everywhere = {
  transit: [
    { hop: 1, measure: 1 },
    { hop: 2, measure: 2 },
  ],
  storage: [{ measure: 1 }],
  retention: [{ kind: 3 }],
};

const fileOptions = create(FileOptionsSchema);
setExtension(fileOptions, product, create(ProductPolicySchema, { id: "gadget", name: "Test gadget" }));

const fileProto = create(FileDescriptorProtoSchema, {
  name: "datapact/testing/v1/gadget.proto",
  package: "datapact.testing.v1",
  syntax: "proto3",
  dependency: ["datapact/privacy/v1/options.proto"],
  options: fileOptions,
  messageType: [
    message(
      "Notification",
      [
        field("id", 1, Type.STRING, { policy: { category: 7, qualifier: 1, purposes: [1], ...everywhere } }),
        field("title", 2, Type.STRING, { policy: { category: 6, qualifier: 1, purposes: [1], flow: 1, transit: [{ hop: 1, measure: 1 }], storage: [{ measure: 5 }], retention: [{ kind: 5 }] } }),
        field("caller", 3, Type.STRING, { oneofIndex: 0, policy: { category: 6, qualifier: 1, purposes: [1], flow: 1, storage: [{ measure: 5 }], retention: [{ kind: 5 }] } }),
        field("app_code", 4, Type.INT32, { oneofIndex: 0, policy: { category: 7, qualifier: 1, purposes: [1], ...everywhere } }),
      ],
      { function: "notification_display", offByDefault: true },
      { oneofDecl: [{ name: "source" }] },
    ),
    message("Sample", [
      field("heart_rate", 1, Type.UINT32, { policy: { category: 4, qualifier: 1, purposes: [1], ...everywhere, storage: [{ tier: 1, measure: 1 }, { measure: 2 }] } }),
      field("trace", 2, Type.BYTES, { policy: { category: 5, qualifier: 1, purposes: [1], ...everywhere, uploadSwitch: "upload_workout_traces" } }),
      field("screen_taps", 3, Type.UINT32, { policy: { category: 7, qualifier: 2, purposes: [2], ...everywhere, retention: [{ kind: 4, days: 90 }] } }),
      field("secret_pin", 4, Type.STRING, { policy: { category: 1, qualifier: 1, purposes: [1], flow: 2, storage: [{ tier: 1, measure: 2 }, { measure: 5 }], retention: [{ tier: 1, kind: 2 }, { kind: 5 }] } }),
      field("crash_log", 5, Type.STRING, {
        policy: { category: 8, qualifier: 1, purposes: [1, 2], ...everywhere, uses: [{ purpose: 2, qualifier: 2, retention: [{ kind: 4, days: 90 }] }] },
      }),
      field("unannotated", 6, Type.STRING),
    ]),
    message("Sync", [
      field("device_id", 1, Type.STRING, { policy: { category: 1, qualifier: 1, purposes: [1], ...everywhere } }),
      field("samples", 2, Type.MESSAGE, { typeName: ".datapact.testing.v1.Sample", label: Label.REPEATED }),
      field("latest", 3, Type.MESSAGE, { typeName: ".datapact.testing.v1.Notification" }),
      field("by_day", 4, Type.MESSAGE, { typeName: ".datapact.testing.v1.Sync.ByDayEntry", label: Label.REPEATED }),
    ], undefined, {
      nestedType: [
        { name: "ByDayEntry", field: [field("key", 1, Type.STRING), field("value", 2, Type.MESSAGE, { typeName: ".datapact.testing.v1.Sample" })], options: { mapEntry: true } },
      ],
    }),
    message("Payment", [
      field("card_suffix", 1, Type.STRING, { policy: { category: 3, qualifier: 1, purposes: [1], ...everywhere } }),
      field("cvv", 2, Type.STRING, { policy: { category: 3, qualifier: 1, purposes: [1], flow: 5, storage: [{ measure: 5 }], retention: [{ kind: 8 }] } }),
    ]),
    message("Ack", [field("note", 1, Type.STRING)], { role: 2 }),
    message("Weather", [field("city", 1, Type.STRING, { policy: { category: 5, qualifier: 1, purposes: [1], ...everywhere } })], { function: "weather_positioning" }),
  ],
});

const deps = new Map(pactFiles.map((f) => [f.name + ".proto", f] as const));
const registry = createFileRegistry(fileProto, (name) => deps.get(name) ?? pactFiles.find((f) => f.proto.name === name));

/** The fixture file, as a descriptor. */
export const gadgetFile: DescFile = registry.getFile("datapact/testing/v1/gadget.proto")!;
export const gadgetRegistry = registry;
const msg = (n: string): DescMessage => registry.getMessage(`datapact.testing.v1.${n}`)!;
export const NotificationSchema = msg("Notification");
export const SampleSchema = msg("Sample");
export const SyncSchema = msg("Sync");
export const PaymentSchema = msg("Payment");
export const AckSchema = msg("Ack");
export const WeatherSchema = msg("Weather");
