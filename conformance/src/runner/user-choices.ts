import type { DescMessage, Message } from "@bufbuild/protobuf";
import { planFor, type MessagePlan } from "@datapact/policy";
import { messageArbitrary } from "@datapact/arbitrary";
import { cloud, type conformance, type Purpose } from "@datapact/proto";
import fc from "fast-check";
import { canaryValueFor } from "../canary/canary-value-for.js";
import type { CanaryRegistry } from "../canary/canary-registry.js";
import type { FieldSelector } from "../canary/guarded-fields.js";
import type { StepName } from "../protocol/step-names.js";
import type { CatalogProduct } from "./product-catalog.js";
import type { Scenario, StepOutcome } from "./scenario.js";
import { UserModel } from "./user-model.js";

/** A user choice fast-check can make in a model-based run: one step (or none, when its precondition fails). */
export type UserChoice = fc.AsyncCommand<UserModel, Scenario>;

/** What the choices are built from. */
export interface ChoiceSpace {
  readonly products: readonly CatalogProduct[];
  /** The steps the model may take (the testee must support each). */
  readonly steps: ReadonlySet<StepName>;
  readonly canaries: CanaryRegistry;
  /** Which fields of generated messages carry canaries. */
  readonly guard: FieldSelector;
  /** Which message types are generated. Default: every data message of the products. */
  readonly messages?: (schema: DescMessage, plan: MessagePlan) => boolean;
}

/** Clock advances that cross the retention periods the seeds name (a day, 7 days, 30, 90, 180). */
const CLOCK_STEPS = [3_600, 86_400, 7 * 86_400 + 1, 8 * 86_400, 31 * 86_400, 91 * 86_400, 181 * 86_400];

const POLICY_VERSIONS = ["1.0", "2.0"];

/** A choice: sends its step when its precondition holds, and updates the model only when the testee says ok. */
abstract class Choice implements UserChoice {
  abstract check(m: Readonly<UserModel>): boolean;
  abstract run(m: UserModel, s: Scenario): Promise<void>;
  abstract toString(): string;
}

class EmitFrame extends Choice {
  constructor(
    readonly productId: string,
    readonly schema: DescMessage,
    readonly message: Message,
  ) {
    super();
  }
  check(m: Readonly<UserModel>) {
    return m.boundDevice(this.productId) !== undefined;
  }
  async run(m: UserModel, s: Scenario) {
    await s.emit(m.boundDevice(this.productId)!, this.schema, this.message, m.snapshot());
  }
  toString() {
    return `emit_device_frame(${this.schema.typeName})`;
  }
}

class AppRecord extends Choice {
  constructor(
    readonly productId: string,
    readonly schema: DescMessage,
    readonly message: Message,
  ) {
    super();
  }
  check() {
    return true;
  }
  async run(m: UserModel, s: Scenario) {
    await s.appRecord(UserModel.owner, this.schema, this.message, { device: m.boundDevice(this.productId), model: m.snapshot() });
  }
  toString() {
    return `app_record(${this.schema.typeName})`;
  }
}

/** A choice that is one step with fixed arguments and a model update on success. */
class SimpleChoice<N extends StepName> extends Choice {
  constructor(
    private readonly label: string,
    private readonly name: N,
    private readonly init: (m: Readonly<UserModel>) => Parameters<Scenario["step"]>[1],
    private readonly applies: (m: Readonly<UserModel>) => boolean,
    private readonly effect: (m: UserModel, outcome: StepOutcome) => void,
  ) {
    super();
  }
  check(m: Readonly<UserModel>) {
    return this.applies(m);
  }
  async run(m: UserModel, s: Scenario) {
    const outcome = await s.step(this.name, this.init(m) as never, m.snapshot());
    if (outcome.ok) this.effect(m, outcome);
  }
  toString() {
    return this.label;
  }
}

const always = () => true;
const nothing = () => {};

function purposesOf(p: CatalogProduct): fc.Arbitrary<Purpose[]> {
  return p.purposes.length === 0 ? fc.constant([]) : fc.subarray([...p.purposes], { minLength: 1 });
}

/**
 * The user's choices as fast-check command arbitraries: devices emit and
 * the app records generated messages (guarded fields carrying canaries), the
 * user turns functions and upload switches on and off, gives and withdraws
 * consent, opts in and out of analytics, syncs, binds, shares, reads,
 * exports, deletes; time passes and the sweeper runs. Only steps in
 * `space.steps` are offered.
 */
export function userChoiceArbitraries(space: ChoiceSpace): fc.Arbitrary<UserChoice>[] {
  const arbs: fc.Arbitrary<UserChoice>[] = [];
  const offer = (name: StepName, arb: fc.Arbitrary<UserChoice> | undefined, weight = 1) => {
    if (!arb || !space.steps.has(name)) return;
    for (let i = 0; i < weight; i++) arbs.push(arb);
  };
  const products = space.products;
  if (products.length === 0) return arbs;
  const productIds = products.map((p) => p.id);
  const valueFor = canaryValueFor(space.canaries, space.guard);
  const wanted = (schema: DescMessage) => space.messages?.(schema, planFor(schema)) ?? true;
  const messagesOf = (pick: (p: CatalogProduct) => readonly DescMessage[], make: (productId: string, schema: DescMessage, message: Message) => UserChoice) => {
    const each = products.flatMap((p) => pick(p).filter(wanted).map((schema) => messageArbitrary(schema, { valueFor }).map((message) => make(p.id, schema, message as Message))));
    return each.length > 0 ? fc.oneof(...each) : undefined;
  };

  // Data production is what invariants are about: offered three times as often.
  offer("emitDeviceFrame", messagesOf((p) => p.deviceMessages, (id, schema, msg) => new EmitFrame(id, schema, msg)), 3);
  offer("appRecord", messagesOf((p) => p.appMessages, (id, schema, msg) => new AppRecord(id, schema, msg)), 3);

  const functions = products.flatMap((p) => p.functions.map((f) => ({ productId: p.id, fn: f.name })));
  if (functions.length > 0) {
    offer(
      "setFunction",
      fc.tuple(fc.constantFrom(...functions), fc.boolean()).map(
        ([{ productId, fn }, enabled]) =>
          new SimpleChoice(`set_function(${productId}/${fn}, ${enabled})`, "setFunction", () => ({ account: UserModel.owner, productId, function: fn, enabled }), always, (m) => m.setFunction(productId, fn, enabled)),
      ),
      2,
    );
  }
  offer(
    "giveConsent",
    fc.constantFrom(...products).chain((p) =>
      fc.tuple(purposesOf(p), fc.constantFrom(...POLICY_VERSIONS)).map(
        ([purposes, version]) =>
          new SimpleChoice(
            `give_consent(${p.id}, [${purposes.join(",")}], ${version})`,
            "giveConsent",
            () => ({ account: UserModel.owner, productId: p.id, policyKind: cloud.PolicyKind.PRODUCT, policyVersion: version, purposes }),
            always,
            (m) => m.giveConsent(p.id, purposes),
          ),
      ),
    ),
    2,
  );
  offer(
    "withdrawConsent",
    fc.constantFrom(...products).chain((p) =>
      fc.oneof(fc.constant<Purpose[]>([]), purposesOf(p)).map(
        (purposes) =>
          new SimpleChoice(`withdraw_consent(${p.id}, [${purposes.join(",")}])`, "withdrawConsent", () => ({ account: UserModel.owner, productId: p.id, purposes }), always, (m) =>
            m.withdrawConsent(p.id, purposes),
          ),
      ),
    ),
  );
  const switches = products.flatMap((p) => p.uploadSwitches.map((name) => ({ productId: p.id, name })));
  if (switches.length > 0) {
    offer(
      "setUploadSwitch",
      fc.tuple(fc.constantFrom(...switches), fc.boolean()).map(
        ([{ productId, name }, enabled]) =>
          new SimpleChoice(`set_upload_switch(${productId}/${name}, ${enabled})`, "setUploadSwitch", () => ({ account: UserModel.owner, productId, uploadSwitch: name, enabled }), always, (m) =>
            m.setUpload(productId, name, enabled),
          ),
      ),
    );
  }
  const productOrAll = fc.constantFrom("", ...productIds);
  offer(
    "analyticsOptIn",
    productOrAll.map((productId) => new SimpleChoice(`analytics_opt_in(${productId || "app"})`, "analyticsOptIn", () => ({ account: UserModel.owner, productId }), always, (m) => m.setAnalytics(productId, true))),
  );
  offer(
    "analyticsOptOut",
    productOrAll.map((productId) => new SimpleChoice(`analytics_opt_out(${productId || "app"})`, "analyticsOptOut", () => ({ account: UserModel.owner, productId }), always, (m) => m.setAnalytics(productId, false))),
  );
  offer("sync", fc.constant(new SimpleChoice("sync", "sync", () => ({ account: UserModel.owner }), always, nothing)), 2);

  const perProduct = fc.constantFrom(...productIds);
  offer(
    "bindDevice",
    perProduct.map(
      (productId) =>
        new SimpleChoice(
          `bind_device(${productId})`,
          "bindDevice",
          // The handle is taken when the step runs, so that shrinking keeps handles dense.
          (m) => ({ account: UserModel.owner, device: m.nextDeviceHandle(), productId }),
          always,
          (m) => m.bind(m.nextDeviceHandle(), productId),
        ),
    ),
  );
  offer(
    "unbindDevice",
    perProduct.map(
      (productId) =>
        new SimpleChoice(`unbind_device(${productId})`, "unbindDevice", (m) => ({ account: UserModel.owner, device: m.boundDevice(productId) }), (m) => m.boundDevice(productId) !== undefined, (m) =>
          m.unbind(m.boundDevice(productId)!),
        ),
    ),
  );
  offer(
    "shareDevice",
    perProduct.map(
      (productId) =>
        new SimpleChoice(
          `share_device(${productId}, ${UserModel.other})`,
          "shareDevice",
          (m) => ({ account: UserModel.owner, device: m.boundDevice(productId), grantee: UserModel.other, permissions: [cloud.SharePermission.VIEW] }),
          (m) => m.boundDevice(productId) !== undefined,
          (m) => m.share(m.boundDevice(productId)!, UserModel.other, true),
        ),
    ),
  );
  offer(
    "revokeShare",
    perProduct.map(
      (productId) =>
        new SimpleChoice(
          `revoke_share(${productId}, ${UserModel.other})`,
          "revokeShare",
          (m) => ({ account: UserModel.owner, device: m.boundDevice(productId), grantee: UserModel.other }),
          (m) => m.boundDevice(productId) !== undefined,
          (m) => m.share(m.boundDevice(productId)!, UserModel.other, false),
        ),
    ),
  );
  offer(
    "readAs",
    fc.tuple(perProduct, fc.constantFrom<conformance.ReadAsStep["reader"]>({ case: "account", value: UserModel.other }, ...UserModel.manufacturers.map((value) => ({ case: "manufacturer" as const, value })))).map(
      ([productId, reader]) =>
        new SimpleChoice(`read_as(${productId}, ${reader.value})`, "readAs", (m) => ({ device: m.devices.find((d) => d.productId === productId)?.handle, reader }), (m) => m.devices.some((d) => d.productId === productId), nothing),
    ),
  );
  offer("export", productOrAll.map((productId) => new SimpleChoice(`export(${productId || "all"})`, "export", () => ({ account: UserModel.owner, productId }), always, nothing)));
  offer("delete", productOrAll.map((productId) => new SimpleChoice(`delete(${productId || "all"})`, "delete", () => ({ account: UserModel.owner, productId }), always, (m) => m.requestDeletion(productId))));
  offer(
    "crashAndResumeDeletion",
    fc.tuple(productOrAll, fc.integer({ min: 0, max: 4 })).map(
      ([productId, atStep]) =>
        new SimpleChoice(`crash_and_resume_deletion(${productId || "all"}, ${atStep})`, "crashAndResumeDeletion", () => ({ account: UserModel.owner, productId, atStep }), always, (m) => m.requestDeletion(productId)),
    ),
  );
  offer(
    "advanceClock",
    fc.constantFrom(...CLOCK_STEPS).map(
      (seconds) =>
        new SimpleChoice(`advance_clock(${seconds}s)`, "advanceClock", () => ({ seconds: BigInt(seconds) }), always, (m) => {
          m.clockSeconds += seconds;
        }),
    ),
  );
  offer("runSweeper", fc.constant(new SimpleChoice("run_sweeper", "runSweeper", () => ({}), always, nothing)));
  return arbs;
}
