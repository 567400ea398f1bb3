/**
 * Loading schemas into protobuf-es descriptors for `datapact lint` (and any
 * command that takes schema paths): `.proto` text through protobufjs with no
 * compiler installed, or compiled FileDescriptorSets.
 */
import { loadDescriptorSet } from "./descriptor-set-source.js";
import type { LoadedSchema } from "./loaded-schema.js";
import { loadProtoText } from "./proto-text-source.js";
import { expandSchemaPaths } from "./schema-paths.js";

export type { LoadedSchema } from "./loaded-schema.js";
export { loadProtoText, type ProtoTextTarget } from "./proto-text-source.js";
export { loadDescriptorSet } from "./descriptor-set-source.js";
export { expandSchemaPaths, DESCRIPTOR_SET_EXTENSIONS, type SchemaPaths } from "./schema-paths.js";
export * from "./input-error.js";

/**
 * Loads every schema `paths` name (relative to `cwd`): all `.proto` text as
 * one set (directories are import roots), and each descriptor set on its own.
 * Throws an InputError (input-error.ts) when any input cannot be read.
 */
export function loadSchemas(paths: readonly string[], cwd: string): LoadedSchema[] {
  const expanded = expandSchemaPaths(paths, cwd);
  const loaded: LoadedSchema[] = [];
  if (expanded.protoFiles.length > 0) loaded.push(loadProtoText(expanded.protoFiles, expanded.importRoots, cwd));
  for (const set of expanded.descriptorSets) loaded.push(loadDescriptorSet(set.absolutePath, set.displayPath));
  return loaded;
}
