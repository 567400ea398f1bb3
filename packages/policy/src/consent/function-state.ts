import type { MessagePlan } from "../plan/message-plan.js";
import type { ConsentState } from "./consent-state.js";

/**
 * Whether the function a message belongs to is on: a function that is off by
 * default only once the user turned it on; any other only until the user
 * turns it off.
 */
export function isFunctionOn(plan: MessagePlan, consent: ConsentState): boolean {
  if (plan.fn === "") return true;
  if (plan.offByDefault) return consent.isFunctionEnabled(plan.productId, plan.fn);
  return !(consent.isFunctionDisabled?.(plan.productId, plan.fn) ?? false);
}
