import type { DescField, DescFile, DescMessage } from "@bufbuild/protobuf";
import type { SourcePosition } from "./finding.js";

/** A schema element a finding can point at. */
export type LintElement = DescFile | DescMessage | DescField;

/** Turns a schema element into the position a finding reports. */
export type Locate = (element: LintElement) => SourcePosition;

// Field numbers inside google.protobuf descriptors; SourceCodeInfo paths are
// built from them (see descriptor.proto, SourceCodeInfo.Location.path).
const FILE_PACKAGE = 2;
const FILE_MESSAGE_TYPE = 4;
const MESSAGE_FIELD = 2;
const MESSAGE_NESTED_TYPE = 3;

/** The file an element is declared in. */
export function fileOf(element: LintElement): DescFile {
  switch (element.kind) {
    case "file":
      return element;
    case "message":
      return element.file;
    case "field":
      return element.parent.file;
  }
}

function messagePath(message: DescMessage): number[] {
  if (message.parent) {
    return [...messagePath(message.parent), MESSAGE_NESTED_TYPE, message.parent.proto.nestedType.indexOf(message.proto)];
  }
  return [FILE_MESSAGE_TYPE, message.file.proto.messageType.indexOf(message.proto)];
}

function pathOf(element: LintElement): number[] {
  switch (element.kind) {
    case "file":
      return [FILE_PACKAGE];
    case "message":
      return messagePath(element);
    case "field":
      return [...messagePath(element.parent), MESSAGE_FIELD, element.parent.proto.field.indexOf(element.proto)];
  }
}

function samePath(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/**
 * The declaration of `element` according to its file's SourceCodeInfo (what
 * `buf build` and `protoc --include_source_info` record, and what the CLI's
 * `.proto` text loader writes). A file-level element points at the `package`
 * statement. Line and column are 0 when the descriptor carries no location.
 */
export function declarationOf(element: LintElement): { line: number; column: number } {
  const file = fileOf(element);
  const wanted = pathOf(element);
  if (wanted.includes(-1)) return { line: 0, column: 0 };
  const location = file.proto.sourceCodeInfo?.location.find((l) => samePath(l.path, wanted));
  if (!location || location.span.length < 3) return { line: 0, column: 0 };
  return { line: location.span[0] + 1, column: location.span[1] + 1 };
}

/** The default `Locate`: the descriptor's own file name and SourceCodeInfo. */
export const locateByFileName: Locate = (element) => ({ file: fileOf(element).proto.name, ...declarationOf(element) });
