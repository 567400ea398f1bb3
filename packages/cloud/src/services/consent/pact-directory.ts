import type { Registry } from "@bufbuild/protobuf";
import { planFor } from "@datapact/policy";
import { switchKey } from "./consent-ledger.js";

/**
 * What the pact's schemas declare that consent calls can name: products,
 * each product's functions, and its upload switches. Read once from the
 * policy's plans, so a switch the pact does not know is refused rather than
 * stored.
 */
export class PactDirectory {
  private readonly products = new Set<string>();
  private readonly functions = new Set<string>();
  private readonly uploadSwitches = new Set<string>();

  constructor(registry: Registry) {
    for (const type of registry) {
      if (type.kind !== "message") continue;
      const plan = planFor(type);
      if (plan.productId === "") continue;
      this.products.add(plan.productId);
      if (plan.fn) this.functions.add(switchKey(plan.productId, plan.fn));
      for (const slot of plan.slots) if (slot.kind === "leaf" && slot.rule.uploadSwitch) this.uploadSwitches.add(switchKey(plan.productId, slot.rule.uploadSwitch));
    }
  }

  hasProduct(productId: string): boolean {
    return this.products.has(productId);
  }

  hasFunction(productId: string, fn: string): boolean {
    return this.functions.has(switchKey(productId, fn));
  }

  hasUploadSwitch(productId: string, name: string): boolean {
    return this.uploadSwitches.has(switchKey(productId, name));
  }
}
