import { create, createFileRegistry, setExtension, type DescFile, type MessageInitShape } from "@bufbuild/protobuf";
import {
  DescriptorProtoSchema,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FieldDescriptorProtoSchema,
  FieldOptionsSchema,
  FileDescriptorProtoSchema,
  FileOptionsSchema,
  MessageOptionsSchema,
  type DescriptorProto,
  type FieldDescriptorProto,
} from "@bufbuild/protobuf/wkt";
import { protoCamelCase } from "@bufbuild/protobuf/reflect";
import { data, FieldPolicySchema, MessagePolicySchema, pactFiles, product, ProductPolicySchema, record, type FieldPolicy, type MessagePolicy, type ProductPolicy } from "@datapact/proto";

/** A field annotation (`(datapact.privacy.v1.data)`) as a plain object literal. */
export type FieldPolicyInit = Exclude<MessageInitShape<typeof FieldPolicySchema>, FieldPolicy>;
/** A message annotation (`(datapact.privacy.v1.record)`) as a plain object literal. */
export type MessagePolicyInit = Exclude<MessageInitShape<typeof MessagePolicySchema>, MessagePolicy>;
/** A file's product annotation (`(datapact.privacy.v1.product)`) as a plain object literal. */
export type ProductPolicyInit = Exclude<MessageInitShape<typeof ProductPolicySchema>, ProductPolicy>;

/** One field of an {@link AnnotatedMessage}. */
export interface AnnotatedField {
  /** The field's name, snake_case as in a .proto file. */
  readonly name: string;
  /** Field number. Default: its position in the message, counting from 1. */
  readonly number?: number;
  /** Default: `TYPE_STRING`. */
  readonly type?: FieldDescriptorProto_Type;
  /** Default: `LABEL_OPTIONAL`; lists and maps say `LABEL_REPEATED`. */
  readonly label?: FieldDescriptorProto_Label;
  /** For message and enum fields: the fully-qualified type, with a leading dot (`.pkg.v1.Sample`). */
  readonly typeName?: string;
  /** Index into the message's {@link AnnotatedMessage.oneofs}, for a oneof member. */
  readonly oneofIndex?: number;
  /** Default: the name in lowerCamelCase, as protoc writes it. */
  readonly jsonName?: string;
  /** The field's annotation; a field without one is left unannotated. */
  readonly policy?: FieldPolicyInit;
}

/** One message of an {@link AnnotatedFileSpec}. */
export interface AnnotatedMessage {
  readonly name: string;
  /** The message's annotation; a message without one is left unannotated. */
  readonly record?: MessagePolicyInit;
  readonly fields: readonly AnnotatedField[];
  /** Names of the message's oneofs, in declaration order. */
  readonly oneofs?: readonly string[];
  /** Messages declared inside this one (map entries among them). */
  readonly nested?: readonly AnnotatedMessage[];
  /** True for the synthetic entry message of a map field. */
  readonly mapEntry?: boolean;
}

/** What {@link annotatedFile} builds: one proto3 file of one product. */
export interface AnnotatedFileSpec {
  /** The file's product annotation, copied as given. */
  readonly product: ProductPolicyInit & { readonly id: string };
  /** Proto package. Default: `datapact.testing.<product id>.v1`. */
  readonly package?: string;
  /** File path. Default: the package as a path, then `<product id>.proto`. */
  readonly name?: string;
  readonly messages: readonly AnnotatedMessage[];
}

/**
 * A proto3 schema file built in code with the pact's annotations on it:
 * `product` on the file, `record` on each message that has one, `data` on
 * each field that has one. It imports the pact's options file and is
 * registered with the pact's files as its dependencies, so the policy engine
 * reads it exactly as it reads a compiled product.
 *
 * Tests use it to pin behaviour on a small schema the reference products do
 * not have. It writes the annotations it is handed and nothing else: it
 * never fills in, checks or interprets one (a fixture may well be
 * deliberately wrong; the policy decides).
 *
 * Each call builds its own registry. Two files with the same name or package
 * must not be put into one registry together.
 *
 * @example
 * ```ts
 * const file = annotatedFile({
 *   product: { id: "gadget", name: "Test gadget" },
 *   messages: [{ name: "Sample", record: { function: "sampling" }, fields: [{ name: "heart_rate", type: Type.UINT32, policy: { … } }] }],
 * });
 * const SampleSchema = file.messages[0];
 * ```
 */
export function annotatedFile(spec: AnnotatedFileSpec): DescFile {
  const pkg = spec.package ?? `datapact.testing.${spec.product.id}.v1`;
  const name = spec.name ?? `${pkg.replace(/\./g, "/")}/${spec.product.id}.proto`;
  const options = create(FileOptionsSchema);
  setExtension(options, product, create(ProductPolicySchema, spec.product));
  const proto = create(FileDescriptorProtoSchema, {
    name,
    package: pkg,
    syntax: "proto3",
    dependency: [data.file.proto.name],
    options,
    messageType: spec.messages.map(messageProto),
  });
  const registry = createFileRegistry(proto, (dependency) => pactFiles.find((f) => f.proto.name === dependency));
  return registry.getFile(name)!;
}

function messageProto(message: AnnotatedMessage): DescriptorProto {
  const options = create(MessageOptionsSchema, message.mapEntry ? { mapEntry: true } : {});
  if (message.record) setExtension(options, record, create(MessagePolicySchema, message.record));
  return create(DescriptorProtoSchema, {
    name: message.name,
    field: message.fields.map(fieldProto),
    nestedType: (message.nested ?? []).map(messageProto),
    oneofDecl: (message.oneofs ?? []).map((oneof) => ({ name: oneof })),
    options,
  });
}

function fieldProto(field: AnnotatedField, index: number): FieldDescriptorProto {
  const options = create(FieldOptionsSchema);
  if (field.policy) setExtension(options, data, create(FieldPolicySchema, field.policy));
  return create(FieldDescriptorProtoSchema, {
    name: field.name,
    number: field.number ?? index + 1,
    type: field.type ?? FieldDescriptorProto_Type.STRING,
    label: field.label ?? FieldDescriptorProto_Label.OPTIONAL,
    jsonName: field.jsonName ?? protoCamelCase(field.name),
    ...(field.typeName === undefined ? {} : { typeName: field.typeName }),
    ...(field.oneofIndex === undefined ? {} : { oneofIndex: field.oneofIndex }),
    options,
  });
}
