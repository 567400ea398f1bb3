import type { DescFile, DescMessage } from "@bufbuild/protobuf";
import { nestedTypes } from "@bufbuild/protobuf/reflect";
import { messagePolicyOf, planFor, productOf, roleOf } from "@datapact/policy";
import { Hop, MessageRole, type Purpose } from "@datapact/proto";

/** A product function and whether it is off until the user turns it on. */
export interface ProductFunction {
  readonly name: string;
  readonly offByDefault: boolean;
}

/** What the user model needs to know about one product, read from its annotated schema. */
export interface CatalogProduct {
  readonly id: string;
  readonly name: string;
  /** Data messages a device produces (they cross device<->app or device<->cloud). */
  readonly deviceMessages: readonly DescMessage[];
  /** Data messages the app produces (app<->cloud only, or no hop declared). */
  readonly appMessages: readonly DescMessage[];
  readonly functions: readonly ProductFunction[];
  /** Every purpose a field of the product declares. */
  readonly purposes: readonly Purpose[];
  /** Every upload switch a field of the product names. */
  readonly uploadSwitches: readonly string[];
}

/**
 * The products of a set of schema files (by ProductPolicy.id), each with the
 * messages its devices and app produce and the choices its user has:
 * functions, purposes, upload switches. Read through @datapact/policy.
 */
export function productCatalog(files: Iterable<DescFile>): Map<string, CatalogProduct> {
  const building = new Map<string, { name: string; device: DescMessage[]; app: DescMessage[]; functions: Map<string, boolean>; purposes: Set<Purpose>; switches: Set<string> }>();
  for (const file of files) {
    const product = productOf(file);
    if (!product?.id) continue;
    let p = building.get(product.id);
    if (!p) building.set(product.id, (p = { name: product.name, device: [], app: [], functions: new Map(), purposes: new Set(), switches: new Set() }));
    for (const type of nestedTypes(file)) {
      if (type.kind !== "message" || type.proto.options?.mapEntry || roleOf(type) !== MessageRole.DATA) continue;
      const policy = messagePolicyOf(type);
      const hops = policy?.hops ?? [];
      const fromDevice = hops.includes(Hop.DEVICE_APP) || hops.includes(Hop.DEVICE_CLOUD);
      (fromDevice ? p.device : p.app).push(type);
      if (policy?.function) p.functions.set(policy.function, (p.functions.get(policy.function) ?? false) || policy.offByDefault);
      const plan = planFor(type);
      for (const purpose of plan.declaredPurposes) p.purposes.add(purpose);
      for (const slot of plan.slots) if (slot.kind === "leaf" && slot.rule.uploadSwitch) p.switches.add(slot.rule.uploadSwitch);
    }
  }
  const catalog = new Map<string, CatalogProduct>();
  for (const [id, p] of [...building].sort(([a], [b]) => a.localeCompare(b))) {
    catalog.set(id, {
      id,
      name: p.name,
      deviceMessages: p.device,
      appMessages: p.app,
      functions: [...p.functions].map(([name, offByDefault]) => ({ name, offByDefault })),
      purposes: [...p.purposes].sort(),
      uploadSwitches: [...p.switches].sort(),
    });
  }
  return catalog;
}
