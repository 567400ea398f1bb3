import { readFileSync } from "node:fs";
import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema, type FileDescriptorProto, type FileDescriptorSet } from "@bufbuild/protobuf/wkt";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { DescriptorSetError, InputError, reasonOf, UnreadableInputError } from "./input-error.js";
import { checkAnnotationsDecode, dependencyOrder, locateWithDisplayPaths, registryOf, type LoadedSchema } from "./loaded-schema.js";
import { parseProtoFile } from "./parsed-proto-file.js";
import { toFileDescriptor } from "./to-file-descriptor.js";
import { declaredNames } from "./declared-names.js";
import { vocabularyFiles } from "./vocabulary.generated.js";
import { wellKnownFiles } from "./well-known-files.js";

// A buf image is a FileDescriptorSet whose files carry, in field 8042
// (buf.alpha.image.v1.ImageFile.buf_extension), whether the file is only an
// import of the module that was built; field 1 of that is `is_import`.
const BUF_EXTENSION = 8042;
const IS_IMPORT = 1;

function isBufImport(file: FileDescriptorProto): boolean {
  for (const u of file.$unknown ?? []) {
    if (u.no !== BUF_EXTENSION || u.wireType !== WireType.LengthDelimited) continue;
    // The unknown field keeps its length prefix; bytes() strips it.
    const ext = new BinaryReader(new BinaryReader(u.data).bytes());
    while (ext.pos < ext.len) {
      const [no, wt] = ext.tag();
      if (no === IS_IMPORT && wt === WireType.Varint) return ext.bool();
      ext.skip(wt, no);
    }
  }
  return false;
}

let vocabularyDescriptors: Map<string, FileDescriptorProto> | undefined;

// Dependencies a descriptor set may leave out (protoc without
// --include_imports): the well-known types and the pact's vocabulary.
function bundledDependency(name: string): FileDescriptorProto | undefined {
  const wkt = wellKnownFiles.get(name);
  if (wkt) return wkt.proto;
  if (!vocabularyDescriptors) {
    const parsed = [...vocabularyFiles].map(([n, text]) => parseProtoFile(n, n, text));
    const names = declaredNames(parsed);
    vocabularyDescriptors = new Map(parsed.map((p) => [p.name, toFileDescriptor(p, names)]));
  }
  return vocabularyDescriptors.get(name);
}

/**
 * Loads a FileDescriptorSet (`buf build -o image.binpb`, `protoc
 * --descriptor_set_out`). Files buf marks as imports are not linted;
 * dependencies the set leaves out are filled from the well-known types and
 * the embedded vocabulary. Positions come from the set's source_code_info
 * when it has one (buf includes it by default; protoc needs
 * --include_source_info). Throws an InputError on unreadable or invalid bytes.
 */
export function loadDescriptorSet(absolutePath: string, displayPath: string): LoadedSchema {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(absolutePath);
  } catch (err) {
    throw new UnreadableInputError(displayPath, (err as NodeJS.ErrnoException).code ?? reasonOf(err));
  }
  let set: FileDescriptorSet;
  try {
    set = fromBinary(FileDescriptorSetSchema, bytes);
  } catch (err) {
    throw new DescriptorSetError(displayPath, reasonOf(err));
  }
  try {
    const files = [...set.file];
    const present = new Set(files.map((f) => f.name));
    for (let i = 0; i < files.length; i++) {
      for (const dep of files[i].dependency) {
        if (present.has(dep)) continue;
        const bundled = bundledDependency(dep);
        if (!bundled) throw new DescriptorSetError(displayPath, `${files[i].name} imports "${dep}", which the set does not contain`);
        files.push(bundled);
        present.add(dep);
      }
    }
    const registry = registryOf(dependencyOrder(files), (name, reason) => new DescriptorSetError(displayPath, `${name}: ${reason}`));
    const targets = set.file.filter((f) => !isBufImport(f)).map((f) => registry.getFile(f.name)).filter((f) => f !== undefined);
    const locate = locateWithDisplayPaths((name) => name);
    checkAnnotationsDecode(targets, locate);
    return { targets, locate };
  } catch (err) {
    if (err instanceof InputError) throw err;
    // A set that decodes but describes nonsense can trip anything downstream.
    throw new DescriptorSetError(displayPath, reasonOf(err));
  }
}
