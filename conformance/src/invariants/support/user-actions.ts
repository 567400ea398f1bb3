import type { DescMessage } from "@bufbuild/protobuf";
import { planFor, type MessagePlan } from "@datapact/policy";
import { cloud, type Purpose } from "@datapact/proto";
import type { FieldSelector } from "../../canary/guarded-fields.js";
import type { CatalogProduct } from "../../runner/product-catalog.js";
import type { Scenario, StepOutcome } from "../../runner/scenario.js";
import { UserModel } from "../../runner/user-model.js";
import { messageWithCanaries, mixSeed } from "./canary-messages.js";

/** Policy versions the kit offers, oldest first (as the user model does). */
export const POLICY_VERSIONS = ["1.0", "2.0"] as const;

/** The user turns on every function of the products that is off by default. */
export async function enableOffByDefaultFunctions(s: Scenario, model: UserModel, products: readonly CatalogProduct[], enabled = true): Promise<void> {
  for (const p of products) {
    for (const f of p.functions.filter((x) => x.offByDefault)) {
      const outcome = await s.step("setFunction", { account: UserModel.owner, productId: p.id, function: f.name, enabled }, model.snapshot());
      if (outcome.ok) model.setFunction(p.id, f.name, enabled);
    }
  }
}

/**
 * The user consents to `purposes` of each product (default: every purpose
 * the product declares), under the first policy version the testee accepts
 * it for. Returns the products for which no version was accepted.
 */
export async function consentTo(s: Scenario, model: UserModel, products: readonly CatalogProduct[], purposes?: readonly Purpose[]): Promise<string[]> {
  const refused: string[] = [];
  for (const p of products) {
    const wanted = (purposes ?? p.purposes).filter((x) => p.purposes.includes(x));
    if (wanted.length === 0) continue;
    let given = false;
    for (const version of POLICY_VERSIONS) {
      const outcome = await s.step(
        "giveConsent",
        { account: UserModel.owner, productId: p.id, policyKind: cloud.PolicyKind.PRODUCT, policyVersion: version, purposes: [...wanted] },
        model.snapshot(),
      );
      if (outcome.ok) {
        model.giveConsent(p.id, wanted);
        given = true;
        break;
      }
    }
    if (!given) refused.push(p.id);
  }
  return refused;
}

/** Which messages to plant, and how. */
export interface PlantOptions {
  readonly guard: FieldSelector;
  readonly messages?: (schema: DescMessage, plan: MessagePlan) => boolean;
  /** Seed of the canary values (a scripted check passes the run's seed). */
  readonly seed: number;
}

/**
 * Every data message of the products, with a canary in every guarded
 * field: devices emit theirs (from the product's bound device), the app
 * records its own. Returns each step's outcome.
 */
export async function plantEveryMessage(s: Scenario, model: UserModel, products: readonly CatalogProduct[], options: PlantOptions): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  let n = 0;
  const wanted = (schema: DescMessage) => options.messages?.(schema, planFor(schema)) ?? true;
  for (const p of products) {
    const device = model.boundDevice(p.id);
    for (const schema of p.deviceMessages.filter(wanted)) {
      const message = messageWithCanaries(schema, s.canaries, options.guard, mixSeed(options.seed, n++));
      if (!message || !device) continue;
      outcomes.push(await s.emit(device, schema, message, model.snapshot()));
    }
    for (const schema of p.appMessages.filter(wanted)) {
      const message = messageWithCanaries(schema, s.canaries, options.guard, mixSeed(options.seed, n++));
      if (!message) continue;
      outcomes.push(await s.appRecord(UserModel.owner, schema, message, { device, model: model.snapshot() }));
    }
  }
  return outcomes;
}

/** The owner joins the User Experience Improvement Plan app-wide; the model follows when the testee agrees. */
export async function joinImprovementPlan(s: Scenario, model: UserModel): Promise<void> {
  const joined = await s.step("analyticsOptIn", { account: UserModel.owner, productId: "" }, model.snapshot());
  if (joined.ok) model.setAnalytics("", true);
}

/** The user's app syncs. */
export async function syncNow(s: Scenario, model: UserModel): Promise<void> {
  await s.step("sync", { account: UserModel.owner }, model.snapshot());
}
