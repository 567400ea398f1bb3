import type { DescMessage, Registry } from "@bufbuild/protobuf";
import { planFor } from "@datapact/policy";

/** The user controls one product's annotations declare. */
export interface ProductControls {
  /** Every function of the product (MessagePolicy.function), and whether it is off by default. */
  readonly functions: ReadonlyMap<string, { readonly offByDefault: boolean }>;
  /** Every per-function upload switch (FieldPolicy.upload_switch). */
  readonly uploadSwitches: ReadonlySet<string>;
}

/**
 * The function switches and upload switches of every product in `registry`,
 * read from the annotations through the policy's compiled plans, so that the
 * app's settings screen and the consent store never name one themselves.
 */
export function controlsOf(registry: Registry): ReadonlyMap<string, ProductControls> {
  const out = new Map<string, { functions: Map<string, { offByDefault: boolean }>; uploadSwitches: Set<string> }>();
  for (const type of registry) {
    if (type.kind !== "message" || type.proto.options?.mapEntry) continue;
    const plan = planFor(type as DescMessage);
    if (plan.productId === "") continue;
    let controls = out.get(plan.productId);
    if (!controls) out.set(plan.productId, (controls = { functions: new Map(), uploadSwitches: new Set() }));
    if (plan.fn !== "") {
      const known = controls.functions.get(plan.fn);
      // Lint requires the messages of one function to agree; if they do not, the switch exists (fail closed).
      controls.functions.set(plan.fn, { offByDefault: plan.offByDefault || (known?.offByDefault ?? false) });
    }
    for (const slot of plan.slots) if (slot.kind === "leaf" && slot.rule.uploadSwitch !== "") controls.uploadSwitches.add(slot.rule.uploadSwitch);
  }
  return out;
}
