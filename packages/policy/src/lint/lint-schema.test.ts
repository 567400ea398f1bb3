import { create, createFileRegistry, setExtension, type DescFile, type MessageInitShape } from "@bufbuild/protobuf";
import {
  DescriptorProtoSchema,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FieldDescriptorProtoSchema,
  FieldOptionsSchema,
  file_google_protobuf_empty,
  file_google_protobuf_timestamp,
  FileDescriptorProtoSchema,
  MessageOptionsSchema,
  type FieldDescriptorProto,
} from "@bufbuild/protobuf/wkt";
import { data, DataCategory, FieldPolicySchema, IdentificationQualifier, MessagePolicySchema, MessageRole, Purpose, record } from "@datapact/proto";
import { describe, expect, it } from "vitest";
import { lintSchema } from "./lint-schema.js";
import { allLintRules } from "./rules/index.js";

const complete = create(FieldPolicySchema, {
  category: DataCategory.OTHER,
  dataType: "Thing",
  qualifier: IdentificationQualifier.IDENTIFIED,
  purposes: [Purpose.FUNCTIONALITY],
});

function field(name: string, number: number, init: MessageInitShape<typeof FieldDescriptorProtoSchema>, annotated = false): FieldDescriptorProto {
  const options = create(FieldOptionsSchema);
  if (annotated) setExtension(options, data, complete);
  return create(FieldDescriptorProtoSchema, { name, number, label: FieldDescriptorProto_Label.OPTIONAL, jsonName: name, options, ...init });
}

/** One file, package `t.v1`, messages given as descriptor protos; no SourceCodeInfo. */
function fileWith(pkg: string, messages: MessageInitShape<typeof DescriptorProtoSchema>[]): DescFile {
  const proto = create(FileDescriptorProtoSchema, {
    name: `${pkg.replace(/\./g, "/")}/t.proto`,
    package: pkg,
    syntax: "proto3",
    dependency: ["google/protobuf/timestamp.proto", "google/protobuf/empty.proto"],
    messageType: messages.map((m) => create(DescriptorProtoSchema, m)),
  });
  const registry = createFileRegistry(proto, (name) =>
    name === "google/protobuf/timestamp.proto" ? file_google_protobuf_timestamp : name === "google/protobuf/empty.proto" ? file_google_protobuf_empty : undefined,
  );
  return registry.getFile(proto.name)!;
}

const onlyMissingAnnotation = allLintRules.filter((r) => r.id === "DP-LINT-MISSING-ANNOTATION");

describe("lintSchema: which fields need an annotation", () => {
  const file = fileWith("t.v1", [
    {
      name: "Outer",
      field: [
        field("at", 1, { type: FieldDescriptorProto_Type.MESSAGE, typeName: ".google.protobuf.Timestamp" }),
        field("nothing", 2, { type: FieldDescriptorProto_Type.MESSAGE, typeName: ".google.protobuf.Empty" }),
        field("inner", 3, { type: FieldDescriptorProto_Type.MESSAGE, typeName: ".t.v1.Outer.Inner" }),
        field("inners", 4, { type: FieldDescriptorProto_Type.MESSAGE, typeName: ".t.v1.Outer.Inner", label: FieldDescriptorProto_Label.REPEATED }),
        field("by_name", 5, { type: FieldDescriptorProto_Type.MESSAGE, typeName: ".t.v1.Outer.ByNameEntry", label: FieldDescriptorProto_Label.REPEATED }),
        field("ok", 6, { type: FieldDescriptorProto_Type.STRING }, true),
      ],
      nestedType: [
        create(DescriptorProtoSchema, { name: "Inner", field: [field("secret", 1, { type: FieldDescriptorProto_Type.STRING })] }),
        create(DescriptorProtoSchema, {
          name: "ByNameEntry",
          options: create(MessageOptionsSchema, { mapEntry: true }),
          field: [
            field("key", 1, { type: FieldDescriptorProto_Type.STRING }),
            field("value", 2, { type: FieldDescriptorProto_Type.MESSAGE, typeName: ".t.v1.Outer.Inner" }),
          ],
        }),
      ],
    },
  ]);
  const paths = lintSchema([file], { rules: onlyMissingAnnotation }).map((f) => f.path);

  it("a Timestamp is a value and needs one", () => expect(paths).toContain("t.v1.Outer.at"));
  it("google.protobuf.Empty holds nothing and needs none", () => expect(paths).not.toContain("t.v1.Outer.nothing"));
  it("fields holding our messages (single, repeated, map values) need none; the held message's fields do", () => {
    expect(paths).not.toContain("t.v1.Outer.inner");
    expect(paths).not.toContain("t.v1.Outer.inners");
    expect(paths).not.toContain("t.v1.Outer.by_name");
    expect(paths).toContain("t.v1.Outer.Inner.secret");
  });
  it("synthesized map entries are not linted", () => expect(paths.filter((p) => p.includes("ByNameEntry"))).toEqual([]));
  it("exactly those two fields are reported", () => expect(paths.sort()).toEqual(["t.v1.Outer.Inner.secret", "t.v1.Outer.at"]));
  it("without SourceCodeInfo a finding has line and column 0 and the descriptor's file name", () => {
    const [finding] = lintSchema([file], { rules: onlyMissingAnnotation });
    expect(finding).toMatchObject({ file: "t/v1/t.proto", line: 0, column: 0 });
  });
});

describe("lintSchema: roles and exempt files", () => {
  const withRole = (role: MessageRole) => {
    const options = create(MessageOptionsSchema);
    setExtension(options, record, create(MessagePolicySchema, { role }));
    return fileWith("t.v1", [{ name: "M", options, field: [field("x", 1, { type: FieldDescriptorProto_Type.STRING })] }]);
  };
  it("CONTROL and ENVELOPE messages' fields need no annotation; DATA ones do", () => {
    expect(lintSchema([withRole(MessageRole.CONTROL)], { rules: onlyMissingAnnotation })).toEqual([]);
    expect(lintSchema([withRole(MessageRole.ENVELOPE)], { rules: onlyMissingAnnotation })).toEqual([]);
    expect(lintSchema([withRole(MessageRole.DATA)], { rules: onlyMissingAnnotation })).toHaveLength(1);
  });
  it("the vocabulary package is never linted: it describes annotations, it carries no data", () => {
    const vocabularyLike = fileWith("datapact.privacy.v1", [{ name: "M", field: [field("x", 1, { type: FieldDescriptorProto_Type.STRING })] }]);
    expect(lintSchema([vocabularyLike])).toEqual([]);
  });
});
