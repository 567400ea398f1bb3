import { create, setExtension, type DescMessage, type Message } from "@bufbuild/protobuf";
import {
  DescriptorProto_ExtensionRangeSchema,
  DescriptorProtoSchema,
  EnumDescriptorProtoSchema,
  EnumOptionsSchema,
  EnumValueDescriptorProtoSchema,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FieldDescriptorProtoSchema,
  FieldOptionsSchema,
  FileDescriptorProtoSchema,
  FileOptionsSchema,
  MessageOptionsSchema,
  MethodDescriptorProtoSchema,
  OneofDescriptorProtoSchema,
  ServiceDescriptorProtoSchema,
  SourceCodeInfo_LocationSchema,
  SourceCodeInfoSchema,
  type DescriptorProto,
  type EnumDescriptorProto,
  type FieldDescriptorProto,
  type FileDescriptorProto,
  type SourceCodeInfo_Location,
} from "@bufbuild/protobuf/wkt";
import type { GenExtension } from "@bufbuild/protobuf/codegenv2";
import { data, FieldPolicySchema, MessagePolicySchema, product, ProductPolicySchema, record } from "@datapact/proto";
import protobuf from "protobufjs";
import { InvalidAnnotationError, UnresolvedTypeError } from "./input-error.js";
import { mergeOptionValues, optionMessage, OptionValueError } from "./option-values.js";
import type { ParsedProtoFile } from "./parsed-proto-file.js";
import type { TypeNames } from "./type-names.js";
import { mapEntryName } from "./declared-names.js";

const T = FieldDescriptorProto_Type;
const SCALARS: Record<string, FieldDescriptorProto_Type> = {
  double: T.DOUBLE, float: T.FLOAT, int64: T.INT64, uint64: T.UINT64, int32: T.INT32, fixed64: T.FIXED64,
  fixed32: T.FIXED32, bool: T.BOOL, string: T.STRING, bytes: T.BYTES, uint32: T.UINT32, sfixed32: T.SFIXED32,
  sfixed64: T.SFIXED64, sint32: T.SINT32, sint64: T.SINT64,
};

// The pact's own options: the only custom options encoded into the
// descriptors, since they are the only ones lint reads.
interface PactOption {
  readonly extension: GenExtension<Message, Message>;
  readonly schema: DescMessage;
  readonly on: "file" | "message" | "field";
}
const PACT_OPTIONS = new Map<string, PactOption>([
  ["datapact.privacy.v1.data", { extension: data as unknown as GenExtension<Message, Message>, schema: FieldPolicySchema, on: "field" }],
  ["datapact.privacy.v1.record", { extension: record as unknown as GenExtension<Message, Message>, schema: MessagePolicySchema, on: "message" }],
  ["datapact.privacy.v1.product", { extension: product as unknown as GenExtension<Message, Message>, schema: ProductPolicySchema, on: "file" }],
]);

// SourceCodeInfo path components (descriptor.proto field numbers).
const FILE_PACKAGE = 2;
const FILE_MESSAGE = 4;
const FILE_ENUM = 5;
const MESSAGE_FIELD = 2;
const MESSAGE_NESTED = 3;
const MESSAGE_ENUM = 4;

/** protoc's default json_name: underscores dropped, the letter after each upper-cased. */
function jsonNameOf(name: string): string {
  return name.replace(/_+([^_]?)/g, (_, c: string) => c.toUpperCase());
}

function fullNameOf(obj: protobuf.ReflectionObject): string {
  return obj.fullName.replace(/^\./, "");
}

/**
 * Converts one parsed `.proto` file into a FileDescriptorProto: messages
 * (nested, map entries), enums, fields (repeated, map, oneof, proto3
 * optional), services, extensions, the pact's `(datapact.privacy.v1.*)`
 * options as extensions of the option messages, a few standard options
 * (deprecated, packed, json_name, allow_alias, proto2 defaults), and
 * SourceCodeInfo positions for the package, every message, enum and field.
 */
export function toFileDescriptor(file: ParsedProtoFile, types: TypeNames): FileDescriptorProto {
  const locations: SourceCodeInfo_Location[] = [];
  const locate = (fullName: string, path: number[]): void => {
    const p = file.positions.elements.get(fullName);
    if (p) locations.push(create(SourceCodeInfo_LocationSchema, { path, span: [p.line, p.column, p.column] }));
  };
  const lineOf = (fullName: string): number | undefined => {
    const p = fullName === file.package ? file.positions.package : file.positions.elements.get(fullName);
    return p ? p.line + 1 : undefined;
  };

  function resolveType(reference: string, scope: string, element: string): { name: string; kind: "message" | "enum" } {
    const name = types.resolve(reference, scope);
    const kind = name ? types.kindOf(name) : undefined;
    if (!name || (kind !== "message" && kind !== "enum")) throw new UnresolvedTypeError(file.displayPath, element, reference);
    return { name, kind };
  }

  /** Applies the pact's options found in `parsed` to `target`, rejecting ours where they do not belong. */
  function pactOptions(parsed: Array<Record<string, unknown>> | undefined, scope: string, on: PactOption["on"], target: Message, element: string): void {
    const values = new Map<string, unknown>();
    for (const entry of parsed ?? []) {
      for (const [key, value] of Object.entries(entry)) {
        const m = /^\(([^)]+)\)(.*)$/.exec(key);
        if (!m) continue;
        const name = types.resolve(m[1], scope, "extension");
        if (!name) throw new InvalidAnnotationError(file.displayPath, lineOf(element), element, `unknown option (${m[1]})`);
        const pact = PACT_OPTIONS.get(name);
        if (!pact) continue;
        if (pact.on !== on) throw new InvalidAnnotationError(file.displayPath, lineOf(element), element, `(${name}) is a ${pact.on} option, not a ${on} option`);
        // A sub-path (`(x).a.b = v`) that protobufjs left unnested.
        const nested = m[2] ? m[2].slice(1).split(".").reduceRight<unknown>((v, k) => ({ [k]: v }), value) : value;
        values.set(name, mergeOptionValues(values.get(name), nested));
      }
    }
    for (const [name, value] of values) {
      const pact = PACT_OPTIONS.get(name)!;
      try {
        setExtension(target, pact.extension, optionMessage(pact.schema, value));
      } catch (err) {
        if (!(err instanceof OptionValueError)) throw err;
        throw new InvalidAnnotationError(file.displayPath, lineOf(element), element, `(${name}): ${err.message}`);
      }
    }
  }

  function standardOption(parsed: Array<Record<string, unknown>> | undefined, name: string): unknown {
    let value: unknown;
    for (const entry of parsed ?? []) if (name in entry) value = entry[name];
    return value;
  }

  function enumProto(e: protobuf.Enum): EnumDescriptorProto {
    const options = create(EnumOptionsSchema);
    if (standardOption(e.parsedOptions, "allow_alias") === true) options.allowAlias = true;
    if (standardOption(e.parsedOptions, "deprecated") === true) options.deprecated = true;
    return create(EnumDescriptorProtoSchema, {
      name: e.name,
      value: Object.entries(e.values).map(([name, number]) => create(EnumValueDescriptorProtoSchema, { name, number })),
      options,
    });
  }

  function fieldProto(f: protobuf.Field, scope: string, owner: string, nested: DescriptorProto[], extendee?: string): FieldDescriptorProto {
    const element = `${owner}.${f.name}`;
    const options = create(FieldOptionsSchema);
    const proto = create(FieldDescriptorProtoSchema, {
      name: f.name,
      number: f.id,
      label: f.rule === "repeated" ? FieldDescriptorProto_Label.REPEATED : f.rule === "required" ? FieldDescriptorProto_Label.REQUIRED : FieldDescriptorProto_Label.OPTIONAL,
      options,
    });
    if (extendee) proto.extendee = `.${extendee}`;
    else proto.jsonName = jsonNameOf(f.name);
    const parsed = f.parsedOptions as Array<Record<string, unknown>> | undefined;
    if (standardOption(parsed, "deprecated") === true) options.deprecated = true;
    const packed = standardOption(parsed, "packed");
    if (typeof packed === "boolean") options.packed = packed;
    const jsonName = standardOption(parsed, "json_name");
    if (typeof jsonName === "string") proto.jsonName = jsonName;
    if (f instanceof protobuf.MapField) {
      const entry = create(DescriptorProtoSchema, {
        name: mapEntryName(f.name),
        field: [
          create(FieldDescriptorProtoSchema, { name: "key", number: 1, label: FieldDescriptorProto_Label.OPTIONAL, type: SCALARS[f.keyType], jsonName: "key" }),
          create(FieldDescriptorProtoSchema, { name: "value", number: 2, label: FieldDescriptorProto_Label.OPTIONAL, jsonName: "value" }),
        ],
        options: create(MessageOptionsSchema, { mapEntry: true }),
      });
      if (SCALARS[f.keyType] === undefined) throw new UnresolvedTypeError(file.displayPath, element, f.keyType);
      setValueType(entry.field[1], f.type, scope, element);
      nested.push(entry);
      proto.label = FieldDescriptorProto_Label.REPEATED;
      proto.type = T.MESSAGE;
      proto.typeName = `.${owner}.${entry.name}`;
    } else {
      setValueType(proto, f.type, scope, element);
      const def = standardOption(parsed, "default");
      if (def !== undefined) proto.defaultValue = typeof def === "boolean" ? String(def) : String(def);
    }
    if ((f.options as Record<string, unknown> | undefined)?.proto3_optional === true) proto.proto3Optional = true;
    pactOptions(parsed, scope, "field", options, element);
    return proto;
  }

  function setValueType(proto: FieldDescriptorProto, type: string, scope: string, element: string): void {
    const scalar = SCALARS[type];
    if (scalar !== undefined) {
      proto.type = scalar;
      return;
    }
    const resolved = resolveType(type, scope, element);
    proto.type = resolved.kind === "enum" ? T.ENUM : T.MESSAGE;
    proto.typeName = `.${resolved.name}`;
  }

  function messageProto(t: protobuf.Type, path: number[]): DescriptorProto {
    const fullName = fullNameOf(t);
    locate(fullName, path);
    const options = create(MessageOptionsSchema);
    if (standardOption(t.parsedOptions, "deprecated") === true) options.deprecated = true;
    pactOptions(t.parsedOptions, fullName, "message", options, fullName);
    const message = create(DescriptorProtoSchema, { name: t.name, options });
    const nestedTypes: DescriptorProto[] = [];
    const mapEntries: DescriptorProto[] = [];
    for (const child of t.nestedArray) {
      if (child instanceof protobuf.Type) nestedTypes.push(messageProto(child, [...path, MESSAGE_NESTED, nestedTypes.length]));
      else if (child instanceof protobuf.Enum) {
        locate(fullNameOf(child), [...path, MESSAGE_ENUM, message.enumType.length]);
        message.enumType.push(enumProto(child));
      } else if (child instanceof protobuf.Field && child.extend) {
        message.extension.push(fieldProto(child, fullName, fullName, nestedTypes, extendeeOf(child, fullName)));
      }
    }
    // Real oneofs first, then the synthetic ones of proto3 `optional`, as protoc orders them.
    const oneofs = [...t.oneofsArray].sort((a, b) => Number(isSynthetic(a, t)) - Number(isSynthetic(b, t)));
    message.oneofDecl = oneofs.map((o) => create(OneofDescriptorProtoSchema, { name: o.name }));
    const fields = t.fieldsArray.filter((f) => !f.name.startsWith(".") && !f.extend);
    fields.forEach((f, k) => {
      locate(`${fullName}.${f.name}`, [...path, MESSAGE_FIELD, k]);
      const proto = fieldProto(f, fullName, fullName, mapEntries);
      if (f.partOf) proto.oneofIndex = oneofs.indexOf(f.partOf);
      message.field.push(proto);
    });
    message.nestedType = [...nestedTypes, ...mapEntries];
    for (const [start, end] of (t.extensions ?? []) as Array<[number, number]>) {
      message.extensionRange.push(create(DescriptorProto_ExtensionRangeSchema, { start, end: end + 1 }));
    }
    return message;
  }

  function isSynthetic(o: protobuf.OneOf, t: protobuf.Type): boolean {
    return o.fieldsArray.length === 1 && (o.fieldsArray[0].options as Record<string, unknown> | undefined)?.proto3_optional === true && o.parent === t;
  }

  function extendeeOf(f: protobuf.Field, scope: string): string {
    const resolved = resolveType(f.extend!, scope, `${scope}.${f.name}`);
    return resolved.name;
  }

  const descriptor = create(FileDescriptorProtoSchema, {
    name: file.name,
    package: file.package,
    dependency: [...file.imports],
    options: create(FileOptionsSchema),
  });
  const syntax = file.positions.syntax ?? "proto2";
  if (syntax === "proto2" || syntax === "proto3") descriptor.syntax = syntax;
  else {
    descriptor.syntax = "editions";
    descriptor.edition = Number(syntax) === 2024 ? 1001 : 1000;
  }
  if (file.positions.package) {
    const p = file.positions.package;
    locations.push(create(SourceCodeInfo_LocationSchema, { path: [FILE_PACKAGE], span: [p.line, p.column, p.column] }));
  }

  // The file's own namespace: file options live on the innermost package namespace.
  const pkgNamespace = file.package ? (file.root.lookup(file.package) as protobuf.Namespace | null) : file.root;
  const fileScope = file.package;
  pactOptions(pkgNamespace?.parsedOptions as Array<Record<string, unknown>> | undefined, fileScope, "file", descriptor.options!, file.package || file.name);
  const top = pkgNamespace?.nestedArray ?? [];
  for (const child of top) {
    if (child instanceof protobuf.Type) descriptor.messageType.push(messageProto(child, [FILE_MESSAGE, descriptor.messageType.length]));
    else if (child instanceof protobuf.Enum) {
      locate(fullNameOf(child), [FILE_ENUM, descriptor.enumType.length]);
      descriptor.enumType.push(enumProto(child));
    } else if (child instanceof protobuf.Service) {
      descriptor.service.push(
        create(ServiceDescriptorProtoSchema, {
          name: child.name,
          method: child.methodsArray.map((m) =>
            create(MethodDescriptorProtoSchema, {
              name: m.name,
              inputType: `.${resolveType(m.requestType, fileScope, `${fileScope}.${child.name}.${m.name}`).name}`,
              outputType: `.${resolveType(m.responseType, fileScope, `${fileScope}.${child.name}.${m.name}`).name}`,
              clientStreaming: Boolean(m.requestStream),
              serverStreaming: Boolean(m.responseStream),
            }),
          ),
        }),
      );
    } else if (child instanceof protobuf.Field && child.extend) {
      descriptor.extension.push(fieldProto(child, fileScope, fileScope, [], extendeeOf(child, fileScope)));
    }
  }
  descriptor.sourceCodeInfo = create(SourceCodeInfoSchema, { location: locations });
  return descriptor;
}
