import type { DescMessage, Registry } from "@bufbuild/protobuf";
import { MessageRole } from "@datapact/proto";
import { roleOf } from "@datapact/policy";

const PRODUCT_PACKAGE_PREFIX = "datapact.devices.";
const CLOUD_PACKAGE = "datapact.cloud.v1";

/**
 * The message types that get golden vectors: every message (nested ones
 * included) of every product package, and the cloud's envelopes (the
 * messages that carry product records between app, device and cloud).
 * Sorted by full name.
 */
export function goldenTypes(registry: Registry): DescMessage[] {
  const types: DescMessage[] = [];
  for (const type of registry) {
    if (type.kind !== "message") continue;
    const pkg = type.file.proto.package;
    if (pkg.startsWith(PRODUCT_PACKAGE_PREFIX) || (pkg === CLOUD_PACKAGE && roleOf(type) === MessageRole.ENVELOPE)) types.push(type);
  }
  return types.sort((a, b) => (a.typeName < b.typeName ? -1 : a.typeName > b.typeName ? 1 : 0));
}

/** Where a type's vectors live under the golden directory: `<package>/<name inside the package>.json`. */
export function goldenFileOf(type: DescMessage): string {
  const pkg = type.file.proto.package;
  return `${pkg}/${type.typeName.slice(pkg.length + 1)}.json`;
}
