import type { Registry } from "@bufbuild/protobuf";
import { planFor, type FieldRule, type MessagePlan } from "@datapact/policy";
import type { Canary } from "../../canary/canary.js";

/** The rule of the field a canary was planted in, and its message's plan, asked of the policy. */
export interface CanaryField {
  readonly rule: FieldRule;
  readonly plan: MessagePlan;
}

/** The field name at the end of a canary's path: `frames[0].text` -> `text`, `tags[*]` -> `tags`. */
function lastFieldName(fieldPath: string): string {
  const last = fieldPath.split(".").at(-1) ?? "";
  return last.replace(/\[[^\]]*\]$/, "");
}

/** What the policy says about the field a canary sits in; undefined for fields outside the registry. */
export function canaryField(registry: Registry, canary: Canary): CanaryField | undefined {
  const parent = canary.messageType ? registry.getMessage(canary.messageType) : undefined;
  const field = parent?.fields.find((f) => f.name === lastFieldName(canary.fieldPath));
  if (!parent || !field) return undefined;
  const plan = planFor(parent);
  const rule = plan.ruleFor(field.number);
  return rule ? { rule, plan } : undefined;
}
