import type { DescFile, DescMessage } from "@bufbuild/protobuf";
import { planFor, type FieldRule, type MessagePlan } from "@datapact/policy";
import { pactFiles } from "@datapact/proto";
import { productCatalog } from "../../runner/product-catalog.js";

/**
 * The products (ids) some data field of which `select` picks, asked of the
 * policy over the pact's schemas: an invariant about display-only data
 * applies to the products that have any. Read once, when the invariant
 * module loads.
 */
export function productsWith(select: (rule: FieldRule, plan: MessagePlan) => boolean, files: readonly DescFile[] = pactFiles): string[] {
  const out: string[] = [];
  for (const [id, product] of productCatalog(files)) {
    const messages = [...product.deviceMessages, ...product.appMessages];
    const any = messages.some((m) => {
      const plan = planFor(m);
      return plan.slots.some((s) => s.kind === "leaf" && select(s.rule, plan));
    });
    if (any) out.push(id);
  }
  return out;
}

/** Whether a set of `schema`'s fields (nested messages followed) could hold a value `select` picks. */
export function messageCarries(schema: DescMessage, select: (rule: FieldRule, plan: MessagePlan) => boolean): boolean {
  const seen = new Set<string>();
  const visit = (plan: MessagePlan): boolean => {
    if (seen.has(plan.schema.typeName)) return false;
    seen.add(plan.schema.typeName);
    return plan.slots.some((s) => (s.kind === "leaf" ? select(s.rule, plan) : s.kind === "nested" ? visit(s.plan()) : false));
  };
  return visit(planFor(schema));
}
