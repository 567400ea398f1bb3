import { toJson, type DescField, type DescFile, type DescMessage } from "@bufbuild/protobuf";
import { declarationOf, fieldPolicyOf, messagePolicyOf, productOf } from "@datapact/policy";
import { FieldPolicySchema, MessagePolicySchema, ProductPolicySchema } from "@datapact/proto";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  InputError,
  InvalidAnnotationError,
  loadDescriptorSet,
  loadProtoText,
  ProtoSyntaxError,
  UnresolvedImportError,
  UnresolvedTypeError,
  type LoadedSchema,
} from "../../src/schema-source/index.js";
import { expandSchemaPaths } from "../../src/schema-source/schema-paths.js";
import { bufBinary, compileFixtures, fixturesDir, lintWorkDir, removeLintWorkDirs, repoRoot } from "./lint-fixtures.js";

afterAll(removeLintWorkDirs);

function textOf(dir: string, root = fixturesDir): LoadedSchema {
  const paths = expandSchemaPaths([dir], root);
  return loadProtoText(paths.protoFiles, paths.importRoots, root);
}

function allMessages(messages: readonly DescMessage[]): DescMessage[] {
  return messages.flatMap((m) => [m, ...allMessages(m.nestedMessages)]);
}

function fieldShape(f: DescField) {
  return {
    name: f.name,
    number: f.number,
    kind: f.fieldKind,
    scalar: f.scalar,
    list: f.fieldKind === "list" ? f.listKind : undefined,
    map: f.fieldKind === "map" ? [f.mapKey, f.mapKind] : undefined,
    message: f.message?.typeName,
    enum: f.enum?.typeName,
    oneof: f.oneof?.name,
    proto3Optional: f.proto.proto3Optional,
    jsonName: f.jsonName,
    at: declarationOf(f),
    policy: fieldPolicyOf(f) && toJson(FieldPolicySchema, fieldPolicyOf(f)!),
  };
}

// Everything lint and the policy engine read from a file, in a comparable form.
function shapeOf(file: DescFile) {
  return {
    name: file.proto.name,
    package: file.proto.package,
    dependencies: file.dependencies.map((d) => d.proto.name),
    product: productOf(file) && toJson(ProductPolicySchema, productOf(file)!),
    packageAt: declarationOf(file),
    enums: file.enums.map((e) => [e.typeName, e.values.map((v) => [v.name, v.number])]),
    messages: allMessages(file.messages)
      .filter((m) => !m.proto.options?.mapEntry)
      .map((m) => ({
        typeName: m.typeName,
        at: declarationOf(m),
        record: messagePolicyOf(m) && toJson(MessagePolicySchema, messagePolicyOf(m)!),
        oneofs: m.oneofs.map((o) => o.name),
        fields: m.fields.map(fieldShape),
      })),
    services: file.services.map((s) => [s.typeName, s.methods.map((m) => [m.name, m.input.typeName, m.output.typeName, m.methodKind])]),
  };
}

function byName(schema: LoadedSchema) {
  return new Map(schema.targets.map((f) => [f.proto.name, shapeOf(f)]));
}

describe("schema-source: .proto text converts to the descriptors buf compiles", () => {
  it("the clean fixture: messages, nested, map, oneof, optional, enums, annotations and positions agree", () => {
    const text = byName(textOf("clean/"));
    const compiled = byName(loadDescriptorSet(compileFixtures(["clean"]), "image.binpb"));
    // The image is built with clean/ as a directory of the module, so only the file names differ.
    const converted = text.get("fixture/watch/v1/watch.proto");
    expect(converted).toBeDefined();
    expect({ ...converted, name: "" }).toEqual({ ...compiled.get("clean/fixture/watch/v1/watch.proto"), name: "" });
  }, 60_000);

  it("the repository's own proto/ agrees file by file", () => {
    const text = textOf("proto/", repoRoot);
    const image = join(lintWorkDir(), "repo.binpb");
    execFileSync(bufBinary, ["build", join(repoRoot, "proto"), "-o", image], { stdio: "pipe" });
    const compiled = byName(loadDescriptorSet(image, "repo.binpb"));
    const converted = byName(text);
    expect(converted.size).toBeGreaterThan(3);
    for (const [name, shape] of converted) expect({ name, shape }).toEqual({ name, shape: compiled.get(name) });
  }, 120_000);

  it("a file is named by its package path even when the user names a directory inside the tree", () => {
    expect(textOf("clean/fixture/watch/v1/").targets.map((f) => f.proto.name)).toEqual(["fixture/watch/v1/watch.proto"]);
    expect(textOf("clean/fixture/watch/v1/watch.proto").targets.map((f) => f.proto.name)).toEqual(["fixture/watch/v1/watch.proto"]);
  });

  it("columns count a tab to the next multiple of 4, as buf does", () => {
    const text = byName(textOf("tabs/")).get("tabbed.proto")!;
    const compiled = byName(loadDescriptorSet(compileFixtures(["tabs"]), "image.binpb")).get("tabs/tabbed.proto")!;
    const positions = (shape: typeof text) => shape.messages.map((m) => [m.typeName, m.at, m.fields.map((f) => f.at)]);
    expect(positions(text)).toEqual(positions(compiled));
    expect(text.messages[0].fields.map((f) => f.at)).toEqual([{ line: 7, column: 7 }, { line: 8, column: 9 }]);
  }, 60_000);

  it("a descriptor set built without imports gets the vocabulary and well-known types from datapact", () => {
    const image = compileFixtures(["clean"], ["--exclude-imports", "--path", "{work}/clean"]);
    const loaded = loadDescriptorSet(image, "image.binpb");
    expect(loaded.targets.map((f) => f.proto.name)).toEqual(["clean/fixture/watch/v1/watch.proto"]);
    expect(loaded.targets[0].dependencies.map((d) => d.proto.name)).toEqual(["datapact/privacy/v1/options.proto", "google/protobuf/timestamp.proto"]);
  }, 60_000);
});

describe("schema-source: typed input errors", () => {
  const load = (file: string) => () => textOf(join("inputs", file));

  it("a syntax error is a ProtoSyntaxError with the file and line", () => {
    expect(load("syntax-error.proto")).toThrow(ProtoSyntaxError);
    try {
      load("syntax-error.proto")();
    } catch (err) {
      expect(err).toMatchObject({ name: "ProtoSyntaxError", file: "inputs/syntax-error.proto", line: 7 });
    }
  });

  it("an import nothing provides is an UnresolvedImportError", () => {
    expect(load("unresolved-import.proto")).toThrow(UnresolvedImportError);
  });

  it("an undeclared field type is an UnresolvedTypeError naming the field", () => {
    expect(load("unresolved-type.proto")).toThrow(/fixture\.inputs\.types\.Thing\.part: type "Missing" is not declared/);
    expect(load("unresolved-type.proto")).toThrow(UnresolvedTypeError);
  });

  it("a misspelt annotation field is an InvalidAnnotationError at the field's line", () => {
    expect(load("invalid-annotation.proto")).toThrow(InvalidAnnotationError);
    expect(load("invalid-annotation.proto")).toThrow(/invalid-annotation\.proto:9: .*unknown field "catgory"/);
  });

  it("a field option on a message is an InvalidAnnotationError", () => {
    expect(load("wrong-element.proto")).toThrow(/is a field option, not a message option/);
  });

  it("every one of them is an InputError", () => {
    for (const f of ["syntax-error", "unresolved-import", "unresolved-type", "invalid-annotation", "wrong-element"]) {
      expect(load(`${f}.proto`)).toThrow(InputError);
    }
  });
});
