import type { DescMessage, Registry } from "@bufbuild/protobuf";
import { planFor } from "@datapact/policy";

/** The product ids the pact's message types declare (ProductPolicy.id), read once from the policy's plans. */
export function pactProducts(registry: Registry): ReadonlySet<string> {
  const products = new Set<string>();
  for (const type of registry) {
    if (type.kind !== "message") continue;
    const id = planFor(type as DescMessage).productId;
    if (id !== "") products.add(id);
  }
  return products;
}
