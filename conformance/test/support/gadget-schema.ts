// A small annotated product built in code ("gadget"), so the kit's own tests
// pin exact behaviour without depending on the eight product schemas.
import { create, createFileRegistry, setExtension, type DescMessage, type FileRegistry, type MessageInitShape } from "@bufbuild/protobuf";
import {
  DescriptorProtoSchema,
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
  FieldOptionsSchema,
  FileDescriptorProtoSchema,
  FileOptionsSchema,
  MessageOptionsSchema,
  type FieldDescriptorProtoSchema,
} from "@bufbuild/protobuf/wkt";
import { data, FieldPolicySchema, MessagePolicySchema, pactFiles, product, ProductPolicySchema, record, type FieldPolicy, type MessagePolicy } from "@datapact/proto";

type FieldInit = { policy?: MessageInitShape<typeof FieldPolicySchema>; label?: Label; typeName?: string };

function field(name: string, number: number, type: Type, init: FieldInit = {}): MessageInitShape<typeof FieldDescriptorProtoSchema> {
  const options = create(FieldOptionsSchema);
  if (init.policy) setExtension(options, data, create(FieldPolicySchema, init.policy) as FieldPolicy);
  return {
    name,
    number,
    type,
    label: init.label ?? Label.OPTIONAL,
    typeName: init.typeName,
    jsonName: name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()),
    options,
  };
}

function message(name: string, fields: MessageInitShape<typeof FieldDescriptorProtoSchema>[], policy: MessageInitShape<typeof MessagePolicySchema>): MessageInitShape<typeof DescriptorProtoSchema> {
  const options = create(MessageOptionsSchema);
  setExtension(options, record, create(MessagePolicySchema, policy) as MessagePolicy);
  return { name, field: fields, options };
}

const toCloud = {
  category: 4,
  qualifier: 1,
  purposes: [1],
  transit: [
    { hop: 1, measure: 1 },
    { hop: 2, measure: 2 },
  ],
  storage: [{ measure: 1 }],
  retention: [{ kind: 3 }],
};
const displayOnly = { category: 6, qualifier: 1, purposes: [1], flow: 1, transit: [{ hop: 1, measure: 1 }], storage: [{ measure: 5 }], retention: [{ kind: 5 }] };
const thirdPartyDirect = { category: 3, qualifier: 1, purposes: [1], flow: 5, storage: [{ measure: 5 }], retention: [{ kind: 8 }] };

const fileOptions = create(FileOptionsSchema);
setExtension(fileOptions, product, create(ProductPolicySchema, { id: "gadget", name: "Test gadget" }));

const file = create(FileDescriptorProtoSchema, {
  name: "datapact/testing/v1/gadget.proto",
  package: "datapact.testing.v1",
  syntax: "proto3",
  dependency: ["datapact/privacy/v1/options.proto"],
  options: fileOptions,
  messageType: [
    message(
      "Notification",
      [
        field("text", 1, Type.STRING, { policy: displayOnly }),
        field("senders", 2, Type.STRING, { policy: displayOnly, label: Label.REPEATED }),
        field("count", 3, Type.INT32, { policy: toCloud }),
        field("detail", 4, Type.MESSAGE, { typeName: ".datapact.testing.v1.Detail" }),
      ],
      { function: "notification_display", offByDefault: true, hops: [1] },
    ),
    message(
      "Detail",
      [
        field("note", 1, Type.STRING, { policy: displayOnly }),
        field("blob", 2, Type.BYTES, { policy: displayOnly }),
        field("level", 3, Type.SINT64, { policy: displayOnly }),
        field("ratio", 4, Type.DOUBLE, { policy: displayOnly }),
        field("weight", 5, Type.FLOAT, { policy: displayOnly }),
        field("flag", 6, Type.BOOL, { policy: displayOnly }),
      ],
      { function: "notification_display", offByDefault: true, hops: [1] },
    ),
    message(
      "Reading",
      [
        field("heart_rate", 1, Type.UINT32, { policy: toCloud }),
        field("trace", 2, Type.BYTES, { policy: toCloud }),
        field("label", 3, Type.STRING, { policy: toCloud }),
      ],
      { function: "heart_rate", hops: [1, 2] },
    ),
    message(
      "Payment",
      [
        field("card_number", 1, Type.STRING, { policy: thirdPartyDirect }),
        field("amount", 2, Type.UINT32, { policy: toCloud }),
      ],
      { function: "payment", hops: [1, 2] },
    ),
  ],
});

/** The gadget product's file and the pact it imports. */
export const gadgetRegistry: FileRegistry = createFileRegistry(file, (name) => {
  const found = pactFiles.find((f) => f.proto.name === name);
  return found;
});

function messageNamed(name: string): DescMessage {
  const m = gadgetRegistry.getMessage(`datapact.testing.v1.${name}`);
  if (!m) throw new Error(`fixture lacks ${name}`);
  return m;
}

export const NotificationSchema = messageNamed("Notification");
export const DetailSchema = messageNamed("Detail");
export const ReadingSchema = messageNamed("Reading");
export const PaymentSchema = messageNamed("Payment");
