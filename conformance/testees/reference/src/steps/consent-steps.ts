import { create } from "@bufbuild/protobuf";
import { cloud, conformance } from "@datapact/proto";
import { ok, skipped, StepRefusal, type StepAnswer } from "../harness/step-answer.js";
import { revokeAppAuthorization } from "../rights/revoke-app-authorization.js";
import { revokeProductAuthorization } from "../rights/revoke-product-authorization.js";
import type { TesteeWorld } from "../testee-world.js";

function checkedProduct(world: TesteeWorld, productId: string): string {
  if (!world.catalog.hasProduct(productId)) throw new StepRefusal("invalid_argument", `product_id: ${productId} is not a product this testee implements`);
  return productId;
}

/**
 * The user consents to a version of a product's policy: the publisher puts
 * the version in force (the app shows it), every app adopts it, and the
 * user's choice is sent to the cloud for a receipt; then the product's
 * devices are told what is allowed now. The general policy is consented to
 * in its version in force.
 */
export async function giveConsent(world: TesteeWorld, step: conformance.GiveConsentStep): Promise<StepAnswer> {
  const app = world.app(step.account);
  if (step.policyKind === cloud.PolicyKind.GENERAL) {
    if (step.policyVersion !== world.publisher.general.version) throw new StepRefusal("failed_precondition", `policy_version: the general policy in force is ${world.publisher.general.version}`);
    const receipt = await app.sdk.consentCloud.giveConsent(cloud.PolicyKind.GENERAL, "", step.purposes);
    for (const productId of world.catalog.productIds) await app.relayConsent(productId);
    return ok({ case: "giveConsent", value: create(conformance.GiveConsentResultSchema, { receiptId: receipt.receiptId }) });
  }
  if (step.policyKind !== cloud.PolicyKind.PRODUCT) throw new StepRefusal("invalid_argument", "policy_kind: general or product");
  const productId = checkedProduct(world, step.productId);
  const policy = world.publisher.publish(productId, step.policyVersion);
  for (const each of world.apps.values()) {
    await each.adoptProductPolicy(productId);
    await each.relayConsent(productId);
  }
  const purposes = world.hooks.consentPurposes?.(step.purposes, policy.purposes) ?? [...step.purposes];
  const receipt = await app.sdk.consentCloud.giveConsent(cloud.PolicyKind.PRODUCT, productId, purposes);
  await app.relayConsent(productId);
  return ok({ case: "giveConsent", value: create(conformance.GiveConsentResultSchema, { receiptId: receipt.receiptId }) });
}

/** Withdraws at once on the phone (the queue is re-projected), tells the cloud and the devices. */
export async function withdrawConsent(world: TesteeWorld, step: conformance.WithdrawConsentStep): Promise<StepAnswer> {
  const app = world.app(step.account);
  if (step.productId !== "") checkedProduct(world, step.productId);
  await app.sdk.consentCloud.withdrawConsent(step.productId, step.purposes);
  for (const productId of step.productId === "" ? world.catalog.productIds : [step.productId]) await app.relayConsent(productId);
  if (step.purposes.length === 0) {
    if (step.productId !== "") await revokeProductAuthorization(world, app, step.productId);
    else await revokeAppAuthorization(world, app);
  }
  return ok();
}

/** A function switch: on the phone, in the cloud, and on the product's devices (or the one named). */
export async function setFunction(world: TesteeWorld, step: conformance.SetFunctionStep): Promise<StepAnswer> {
  const app = world.app(step.account);
  const productId = checkedProduct(world, step.productId);
  await app.sdk.consentCloud.setFunction(productId, step.function, step.enabled);
  await app.relayFunction(productId, step.function, step.enabled, step.device);
  return ok();
}

/** An upload switch: on the phone, in the cloud, and on the product's devices. */
export async function setUploadSwitch(world: TesteeWorld, step: conformance.SetUploadSwitchStep): Promise<StepAnswer> {
  const app = world.app(step.account);
  const productId = checkedProduct(world, step.productId);
  await app.sdk.consentCloud.setUploadSwitch(productId, step.uploadSwitch, step.enabled);
  await app.relayUploadSwitch(productId, step.uploadSwitch, step.enabled);
  return ok();
}

/** Joins the User Experience Improvement Plan, which the app offers app-wide only. */
export async function analyticsOptIn(world: TesteeWorld, step: conformance.AnalyticsOptInStep): Promise<StepAnswer> {
  const app = world.app(step.account);
  if (step.productId !== "") return skipped("the improvement plan is joined app-wide (empty product_id), not per product");
  await app.sdk.uxip.optIn(world.clock.now());
  await world.hooks.optedIn?.(app);
  return ok();
}

/** Leaving the plan for one product leaves it entirely: the more protective reading of a per-product opt-out. */
export async function analyticsOptOut(world: TesteeWorld, step: conformance.AnalyticsOptOutStep): Promise<StepAnswer> {
  const app = world.app(step.account);
  if (step.productId !== "") checkedProduct(world, step.productId);
  await app.sdk.uxip.optOut();
  // The SDK asks the cloud to erase what the token collected; wait for it, so the step ends with the erasure asked.
  await app.sdk.installErasure.flush();
  return ok();
}
