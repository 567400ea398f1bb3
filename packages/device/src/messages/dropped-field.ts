import type { DropReason } from "@datapact/policy";
import { pathToString, type Path } from "@bufbuild/protobuf/reflect";

/** A field the policy removed from a copy: where (never its value) and why. */
export interface DroppedField {
  /** Field path, e.g. `heart_rate[0].beats_per_minute`; map keys appear as `*`. */
  readonly path: string;
  readonly reason: DropReason;
}

/** A drop listener for forHop/forStorage that collects into `into`. */
export function collectDrops(into: DroppedField[]): (path: Path, reason: DropReason) => void {
  return (path, reason) => into.push({ path: pathToString(path), reason });
}
