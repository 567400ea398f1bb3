// Builds a small annotated schema file in code for the inventory and label
// tests, so they pin exact behaviour without the product schemas. Test-only:
// nothing in src imports it.
import { create, createFileRegistry, setExtension, type DescFile, type MessageInitShape } from "@bufbuild/protobuf";
import {
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
  FieldOptionsSchema,
  FileDescriptorProtoSchema,
  FileOptionsSchema,
  MessageOptionsSchema,
} from "@bufbuild/protobuf/wkt";
import {
  data,
  FieldPolicySchema,
  MessagePolicySchema,
  pactFiles,
  product,
  ProductPolicySchema,
  record,
  type FieldPolicy,
} from "@datapact/proto";

/** A field annotation as a plain object literal. */
export type FieldPolicyInit = Exclude<MessageInitShape<typeof FieldPolicySchema>, FieldPolicy>;

export interface MessageSpec {
  readonly name: string;
  readonly record?: MessageInitShape<typeof MessagePolicySchema>;
  /** Fields by name; a field without a policy is left unannotated. */
  readonly fields: readonly { readonly name: string; readonly policy?: FieldPolicyInit }[];
}

let counter = 0;

/** A file of product `productId` holding `messages`, all fields strings. */
export function annotatedFile(productId: string, messages: readonly MessageSpec[], productName = "Test product"): DescFile {
  const pkg = `datapact.testing.${productId}.v${++counter}`;
  const fileOptions = create(FileOptionsSchema);
  setExtension(fileOptions, product, create(ProductPolicySchema, { id: productId, name: productName, source: "test" }));
  const name = `${pkg.replace(/\./g, "/")}/${productId}.proto`;
  const proto = create(FileDescriptorProtoSchema, {
    name,
    package: pkg,
    syntax: "proto3",
    dependency: ["datapact/privacy/v1/options.proto"],
    options: fileOptions,
    messageType: messages.map((m) => {
      const options = create(MessageOptionsSchema);
      if (m.record) setExtension(options, record, create(MessagePolicySchema, m.record));
      return {
        name: m.name,
        options,
        field: m.fields.map((f, i) => {
          const fieldOptions = create(FieldOptionsSchema);
          if (f.policy) setExtension(fieldOptions, data, create(FieldPolicySchema, f.policy));
          return { name: f.name, number: i + 1, type: Type.STRING, label: Label.OPTIONAL, jsonName: f.name, options: fieldOptions };
        }),
      };
    }),
  });
  const registry = createFileRegistry(proto, (dep) => pactFiles.find((f) => f.proto.name === dep));
  return registry.getFile(name)!;
}
