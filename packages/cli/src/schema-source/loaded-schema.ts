import { createFileRegistry, create, type DescFile, type DescMessage } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { declarationOf, fieldPolicyOf, fileOf, messagePolicyOf, productOf, type Locate } from "@datapact/policy";
import { InvalidAnnotationError, reasonOf } from "./input-error.js";

/** Schemas loaded from one source, ready to lint. */
export interface LoadedSchema {
  /** The files to check (the ones the user named, not their imports). */
  readonly targets: readonly DescFile[];
  /** Where each element is declared, with the file as the user names it. */
  readonly locate: Locate;
}

/**
 * Orders descriptors so every file follows its dependencies, as
 * `createFileRegistry` needs. Cycles and missing files are left for the
 * registry to reject.
 */
export function dependencyOrder(files: readonly FileDescriptorProto[]): FileDescriptorProto[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  const done = new Set<string>();
  const out: FileDescriptorProto[] = [];
  const visit = (file: FileDescriptorProto, depth: number): void => {
    if (done.has(file.name) || depth > byName.size) return;
    done.add(file.name);
    for (const dep of file.dependency) {
      const d = byName.get(dep);
      if (d) visit(d, depth + 1);
    }
    out.push(file);
  };
  files.forEach((f) => visit(f, 0));
  return out;
}

/**
 * Builds a registry from ordered descriptors. On failure, finds the first
 * file whose addition breaks it and passes that file's name to `fail`.
 */
export function registryOf(ordered: readonly FileDescriptorProto[], fail: (fileName: string, reason: string) => Error): ReturnType<typeof createFileRegistry> {
  try {
    return createFileRegistry(create(FileDescriptorSetSchema, { file: [...ordered] }));
  } catch (err) {
    for (let n = 1; n <= ordered.length; n++) {
      try {
        createFileRegistry(create(FileDescriptorSetSchema, { file: ordered.slice(0, n) }));
      } catch (inner) {
        throw fail(ordered[n - 1].name, reasonOf(inner));
      }
    }
    throw fail(ordered[ordered.length - 1]?.name ?? "", reasonOf(err));
  }
}

function walkMessages(messages: readonly DescMessage[], visit: (m: DescMessage) => void): void {
  for (const m of messages) {
    visit(m);
    walkMessages(m.nestedMessages, visit);
  }
}

/**
 * Reads every pact annotation of `files` once, so a value the vocabulary
 * cannot decode becomes an input error here rather than a crash inside a
 * lint rule.
 */
export function checkAnnotationsDecode(files: readonly DescFile[], locate: Locate): void {
  const attempt = (element: Parameters<Locate>[0], name: string, read: () => unknown): void => {
    try {
      read();
    } catch (err) {
      const at = locate(element);
      throw new InvalidAnnotationError(at.file, at.line || undefined, name, reasonOf(err));
    }
  };
  for (const file of files) {
    attempt(file, file.proto.package || file.proto.name, () => productOf(file));
    walkMessages(file.messages, (m) => {
      attempt(m, m.typeName, () => messagePolicyOf(m));
      for (const f of m.fields) attempt(f, `${m.typeName}.${f.name}`, () => fieldPolicyOf(f));
    });
  }
}

/** A `Locate` that shows each file under the name `displayPathOf` gives it. */
export function locateWithDisplayPaths(displayPathOf: (fileName: string) => string): Locate {
  return (element) => ({ file: displayPathOf(fileOf(element).proto.name), ...declarationOf(element) });
}
