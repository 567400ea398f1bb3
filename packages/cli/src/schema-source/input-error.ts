/**
 * An input `datapact` could not read or make sense of: a missing file, a
 * `.proto` syntax error, an import nothing provides, a broken descriptor set.
 * The CLI turns it into exit code 3 (ExitCode.InputError). Messages carry
 * paths, line numbers and schema names, never values from the input.
 */
export class InputError extends Error {
  override readonly name: string = "InputError";
}

/** A path that does not exist or cannot be read. */
export class UnreadableInputError extends InputError {
  override readonly name = "UnreadableInputError";
  constructor(readonly path: string, reason: string) {
    super(`${path}: cannot read (${reason})`);
  }
}

/** `.proto` text protobufjs could not parse. */
export class ProtoSyntaxError extends InputError {
  override readonly name = "ProtoSyntaxError";
  constructor(readonly file: string, readonly line: number | undefined, detail: string) {
    super(`${file}${line !== undefined ? `:${line}` : ""}: syntax error: ${detail}`);
  }
}

/** An `import` no import root, embedded vocabulary or well-known type provides. */
export class UnresolvedImportError extends InputError {
  override readonly name = "UnresolvedImportError";
  constructor(readonly file: string, readonly importName: string) {
    super(`${file}: import "${importName}" not found in the import roots, the embedded datapact vocabulary or google/protobuf`);
  }
}

/** A field, method or extension refers to a type no loaded file declares. */
export class UnresolvedTypeError extends InputError {
  override readonly name = "UnresolvedTypeError";
  constructor(readonly file: string, readonly element: string, readonly typeName: string) {
    super(`${file}: ${element}: type "${typeName}" is not declared in this file or its imports`);
  }
}

/** A `(datapact.privacy.v1.…)` option whose value the vocabulary cannot hold. */
export class InvalidAnnotationError extends InputError {
  override readonly name = "InvalidAnnotationError";
  constructor(readonly file: string, readonly line: number | undefined, readonly element: string, detail: string) {
    super(`${file}${line !== undefined ? `:${line}` : ""}: ${element}: invalid annotation: ${detail}`);
  }
}

/** Files that parse one by one but do not form a valid schema together (duplicate names, bad numbers...). */
export class InvalidSchemaError extends InputError {
  override readonly name = "InvalidSchemaError";
  constructor(readonly file: string, detail: string) {
    super(`${file}: invalid schema: ${detail}`);
  }
}

/** Bytes that are not a FileDescriptorSet (or a buf image) of a valid schema. */
export class DescriptorSetError extends InputError {
  override readonly name = "DescriptorSetError";
  constructor(readonly path: string, detail: string) {
    super(`${path}: not a valid descriptor set: ${detail}`);
  }
}

/** The text of an unknown error, without a stack (which could carry input). */
export function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
