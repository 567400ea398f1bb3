import type { FieldPolicy, Retention } from "@datapact/proto";
import { purposeName } from "./vocabulary-names.js";

/** A retention list of a field, with how findings name it. */
export interface RetentionList {
  /** `retention`, or `uses[PURPOSE_ANALYTICS].retention`. */
  readonly label: string;
  readonly entries: readonly Retention[];
}

/** The field's own retention list and that of each `uses` entry. */
export function retentionListsOf(policy: FieldPolicy): RetentionList[] {
  return [
    { label: "retention", entries: policy.retention },
    ...policy.uses.map((u) => ({ label: `uses[${purposeName(u.purpose)}].retention`, entries: u.retention })),
  ];
}
